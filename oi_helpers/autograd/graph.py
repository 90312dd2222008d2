"""Graph walks shared by the scalar and tensor engines.

A node is any object with a ``children`` tuple (the nodes it was computed
from). Both engines order their backward pass with :func:`topological_order`,
which uses an explicit stack instead of recursion, so a graph thousands of
nodes deep does not hit Python's recursion limit.
"""
from __future__ import annotations


def topological_order(root) -> list:
    """Return every node reachable from ``root``, each one after all of its children.

    Iterative depth-first search: the stack contains (node, iterator over its
    children) pairs, and a node is appended to the order once all its children
    have been appended. Reversing the list gives the order for backpropagation:
    the root first, and every node before the nodes it was computed from.
    """
    order = []
    visited = {root}
    stack = [(root, iter(root.children))]
    while stack:
        node, children = stack[-1]
        for child in children:
            if child not in visited:
                visited.add(child)
                stack.append((child, iter(child.children)))
                break
        else:  # every child is already in the order
            stack.pop()
            order.append(node)
    return order

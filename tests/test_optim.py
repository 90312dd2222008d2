"""The course optimizers and schedules against PyTorch's, step for step.

The equivalence runs use float64. In float32, two orderings of the same
formula (``m * beta + (1 - beta) * g`` against PyTorch's ``lerp``) round
differently, and Adam's division by a small second moment amplifies that to
about 1e-6 after 300 steps, so the float32 check has a looser tolerance.
"""
from __future__ import annotations

import copy
import io
import math
from functools import partial

import pytest
import torch

from oi_helpers import i18n, optim, schedules

STEPS = 300
TOLERANCE = 1e-6
FLOAT32_TOLERANCE = 1e-4


@pytest.fixture(autouse=True)
def one_thread():
    """Run on one thread: these tensors are tiny, and with two threads on a busy machine each step is ~30x slower."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)

# (case id, course class, PyTorch class, hyper-parameters)
OPTIMIZER_CASES = [
    ("sgd", optim.SGD, torch.optim.SGD, {"lr": 0.05}),
    ("sgd-momentum", optim.SGD, torch.optim.SGD, {"lr": 0.05, "momentum": 0.9}),
    ("sgd-dampening-decay", optim.SGD, torch.optim.SGD,
     {"lr": 0.05, "momentum": 0.9, "dampening": 0.3, "weight_decay": 0.01}),
    ("sgd-nesterov", optim.SGD, torch.optim.SGD,
     {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 1e-3}),
    ("adagrad", optim.Adagrad, torch.optim.Adagrad, {"lr": 0.05}),
    ("adagrad-options", optim.Adagrad, torch.optim.Adagrad,
     {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.01, "initial_accumulator_value": 0.1, "eps": 1e-8}),
    ("rmsprop", optim.RMSprop, torch.optim.RMSprop, {"lr": 1e-3}),
    ("rmsprop-momentum-decay", optim.RMSprop, torch.optim.RMSprop,
     {"lr": 1e-3, "momentum": 0.9, "weight_decay": 0.01}),
    ("rmsprop-centered", optim.RMSprop, torch.optim.RMSprop,
     {"lr": 1e-3, "alpha": 0.9, "centered": True, "momentum": 0.5}),
    ("adam", optim.Adam, torch.optim.Adam, {"lr": 1e-2}),
    ("adam-options", optim.Adam, torch.optim.Adam,
     {"lr": 1e-2, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.01}),
    ("adamw", optim.AdamW, torch.optim.AdamW, {"lr": 1e-2}),
    ("adamw-options", optim.AdamW, torch.optim.AdamW, {"lr": 1e-2, "betas": (0.9, 0.95), "weight_decay": 0.1}),
]
CASE_IDS = [case[0] for case in OPTIMIZER_CASES]


def make_model(dtype=torch.float64) -> torch.nn.Module:
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1))
    return model.to(dtype)


def make_data(count: int = 256, dtype=torch.float64) -> tuple[torch.Tensor, torch.Tensor]:
    generator = torch.Generator().manual_seed(1)
    X = torch.randn(count, 8, generator=generator, dtype=dtype)
    y = (X[:, :1] * 2 - X[:, 1:2]).sin() + 0.1 * torch.randn(count, 1, generator=generator, dtype=dtype)
    return X, y


def param_groups(model: torch.nn.Module, lr: float) -> list[dict]:
    """Weights in one group with the optimizer's defaults, biases in another at half the learning rate."""
    weights = [p for name, p in model.named_parameters() if name.endswith("weight")]
    biases = [p for name, p in model.named_parameters() if name.endswith("bias")]
    return [{"params": weights}, {"params": biases, "lr": lr / 2}]


def train(model, optimizer, X, y, first_step: int, last_step: int) -> None:
    """Run mini-batch steps ``first_step .. last_step - 1``; batch ``k`` is the same in every run."""
    for step in range(first_step, last_step):
        index = torch.randint(len(X), (32,), generator=torch.Generator().manual_seed(step))
        loss = torch.nn.functional.mse_loss(model(X[index]), y[index])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


def max_difference(model_a, model_b) -> float:
    return max((a - b).abs().max().item() for a, b in zip(model_a.parameters(), model_b.parameters()))


def trained_pair(course_class, torch_class, hyper, steps=STEPS, dtype=torch.float64):
    X, y = make_data(dtype=dtype)
    ours, reference = make_model(dtype), make_model(dtype)
    ours_optimizer = course_class(param_groups(ours, hyper["lr"]), **hyper)
    reference_optimizer = torch_class(param_groups(reference, hyper["lr"]), **hyper)
    train(ours, ours_optimizer, X, y, 0, steps)
    train(reference, reference_optimizer, X, y, 0, steps)
    return ours, ours_optimizer, reference, reference_optimizer


@pytest.mark.parametrize("case_id, course_class, torch_class, hyper", OPTIMIZER_CASES, ids=CASE_IDS)
def test_optimizer_matches_torch(case_id, course_class, torch_class, hyper):
    ours, _, reference, _ = trained_pair(course_class, torch_class, hyper)
    start = make_model()
    assert max_difference(ours, start) > 1e-2, "the parameters barely moved, so the comparison proves nothing"
    assert max_difference(ours, reference) < TOLERANCE


@pytest.mark.parametrize("case_id, course_class, torch_class, hyper", OPTIMIZER_CASES, ids=CASE_IDS)
def test_optimizer_matches_torch_in_float32(case_id, course_class, torch_class, hyper):
    ours, _, reference, _ = trained_pair(course_class, torch_class, hyper, dtype=torch.float32)
    assert max_difference(ours, reference) < FLOAT32_TOLERANCE


@pytest.mark.parametrize("case_id, course_class, torch_class, hyper", OPTIMIZER_CASES, ids=CASE_IDS)
def test_state_dict_round_trip_mid_run(case_id, course_class, torch_class, hyper):
    X, y = make_data()
    half = STEPS // 2
    model = make_model()
    optimizer = course_class(param_groups(model, hyper["lr"]), **hyper)
    train(model, optimizer, X, y, 0, half)
    buffer = io.BytesIO()
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict()}, buffer)
    buffer.seek(0)
    saved = torch.load(buffer, weights_only=True)

    resumed = make_model()
    resumed.load_state_dict(saved["model"])
    resumed_optimizer = course_class(param_groups(resumed, hyper["lr"]), **hyper)
    resumed_optimizer.load_state_dict(saved["optimizer"])
    train(resumed, resumed_optimizer, X, y, half, STEPS)

    reference, _, _, _ = trained_pair(torch_class, torch_class, hyper)
    assert max_difference(resumed, reference) < TOLERANCE


@pytest.mark.parametrize("case_id, course_class, torch_class, hyper", OPTIMIZER_CASES, ids=CASE_IDS)
def test_torch_state_loads_into_course_optimizer(case_id, course_class, torch_class, hyper):
    X, y = make_data()
    half = STEPS // 2
    model = make_model()
    reference_optimizer = torch_class(param_groups(model, hyper["lr"]), **hyper)
    train(model, reference_optimizer, X, y, 0, half)
    switched = copy.deepcopy(model)
    switched_optimizer = course_class(param_groups(switched, hyper["lr"]), **hyper)
    switched_optimizer.load_state_dict(copy.deepcopy(reference_optimizer.state_dict()))
    train(switched, switched_optimizer, X, y, half, STEPS)
    train(model, reference_optimizer, X, y, half, STEPS)
    assert max_difference(switched, model) < TOLERANCE


@pytest.mark.parametrize("case_id, course_class, torch_class, hyper", OPTIMIZER_CASES, ids=CASE_IDS)
def test_course_state_loads_into_torch_optimizer(case_id, course_class, torch_class, hyper):
    X, y = make_data()
    half = STEPS // 2
    model = make_model()
    optimizer = course_class(param_groups(model, hyper["lr"]), **hyper)
    train(model, optimizer, X, y, 0, half)
    switched = copy.deepcopy(model)
    switched_optimizer = torch_class(param_groups(switched, hyper["lr"]), **hyper)
    switched_optimizer.load_state_dict(copy.deepcopy(optimizer.state_dict()))
    train(switched, switched_optimizer, X, y, half, STEPS)
    train(model, optimizer, X, y, half, STEPS)
    assert max_difference(switched, model) < TOLERANCE


def test_create_builds_every_named_optimizer():
    expected = {"sgd": optim.SGD, "momentum": optim.SGD, "nesterov": optim.SGD, "adagrad": optim.Adagrad,
                "rmsprop": optim.RMSprop, "adam": optim.Adam, "adamw": optim.AdamW}
    for name in optim.NAMES:
        optimizer = optim.create(name, [torch.nn.Parameter(torch.zeros(2))], lr=0.1, momentum=0.8, betas=(0.5, 0.9))
        assert type(optimizer) is expected[name], name
    assert optim.create("nesterov", [torch.nn.Parameter(torch.zeros(2))], lr=0.1).param_groups[0]["nesterov"]
    assert optim.create("adam", [torch.nn.Parameter(torch.zeros(2))], lr=0.1,
                        betas=(0.5, 0.9)).param_groups[0]["betas"] == (0.5, 0.9)
    assert optim.create("adamw", [torch.nn.Parameter(torch.zeros(2))], lr=0.1).param_groups[0]["weight_decay"] == 1e-2


def test_unknown_optimizer_name_raises():
    with pytest.raises(ValueError, match="lion"):
        optim.create("lion", [torch.nn.Parameter(torch.zeros(2))], lr=0.1)
    with pytest.raises(ValueError, match="lion"):
        optim.label("lion")


def test_unsupported_torch_option_raises_on_load():
    param = torch.nn.Parameter(torch.zeros(2))
    reference = torch.optim.Adam([param], lr=0.1, amsgrad=True)
    course = optim.Adam([param], lr=0.1)
    with pytest.raises(ValueError, match="amsgrad"):
        course.load_state_dict(reference.state_dict())


def test_parameter_groups_keep_their_own_lr():
    _, optimizer, _, _ = trained_pair(optim.Adam, torch.optim.Adam, {"lr": 1e-2}, steps=1)
    assert optimizer.param_groups[0]["lr"] == 1e-2
    assert optimizer.param_groups[1]["lr"] == 5e-3


def test_step_returns_closure_loss():
    model = make_model()
    X, y = make_data()
    optimizer = optim.SGD(model.parameters(), lr=0.1)

    def closure():
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(X), y)
        loss.backward()
        return loss

    before = closure().item()
    returned = optimizer.step(closure)
    assert returned.item() == pytest.approx(before)
    assert torch.nn.functional.mse_loss(model(X), y).item() < before


def test_parameters_without_gradient_are_skipped():
    used, unused = torch.nn.Parameter(torch.ones(3)), torch.nn.Parameter(torch.ones(3))
    optimizer = optim.Adam([used, unused], lr=0.1)
    (used ** 2).sum().backward()
    optimizer.step()
    assert torch.equal(unused, torch.ones(3))
    assert unused not in optimizer.state
    assert not torch.equal(used, torch.ones(3))


def test_adam_without_bias_correction_follows_formula():
    torch.manual_seed(0)
    target = torch.randn(5, dtype=torch.float64)
    param = torch.nn.Parameter(torch.zeros(5, dtype=torch.float64))
    optimizer = optim.Adam([param], lr=0.01, betas=(0.9, 0.999), eps=1e-8, bias_correction=False)
    expected = torch.zeros(5, dtype=torch.float64)
    m = torch.zeros(5, dtype=torch.float64)
    v = torch.zeros(5, dtype=torch.float64)
    for _ in range(50):
        optimizer.zero_grad()
        ((param - target) ** 2).sum().backward()
        optimizer.step()
        grad = 2 * (expected - target)
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad ** 2
        expected = expected - 0.01 * m / (v.sqrt() + 1e-8)
    assert torch.allclose(param.detach(), expected, rtol=0, atol=1e-12)


def test_adam_first_step_without_correction_is_larger():
    steps = {}
    for correction in (True, False):
        param = torch.nn.Parameter(torch.zeros(1))
        optimizer = optim.Adam([param], lr=0.1, bias_correction=correction)
        param.grad = torch.ones(1)
        optimizer.step()
        steps[correction] = -param.item()
    assert steps[True] == pytest.approx(0.1, rel=1e-5)
    # Uncorrected: lr * (1 - beta1) / sqrt(1 - beta2) = 0.1 * 0.1 / sqrt(0.001)
    assert steps[False] == pytest.approx(0.1 * 0.1 / math.sqrt(0.001), rel=1e-5)


def test_sparse_gradient_raises():
    embedding = torch.nn.Embedding(10, 3, sparse=True)
    optimizer = optim.SGD(embedding.parameters(), lr=0.1)
    embedding(torch.tensor([1, 2])).sum().backward()
    with pytest.raises(RuntimeError, match="sparse"):
        optimizer.step()


# (course class, hyper-parameters, name that the message must contain)
BAD_HYPERPARAMETERS = [
    (optim.SGD, {"lr": -0.1}, "lr"),
    (optim.SGD, {"lr": 0.1, "momentum": -0.5}, "momentum"),
    (optim.SGD, {"lr": 0.1, "weight_decay": -1.0}, "weight_decay"),
    (optim.SGD, {"lr": 0.1, "nesterov": True}, "Nesterov"),
    (optim.SGD, {"lr": 0.1, "nesterov": True, "momentum": 0.9, "dampening": 0.1}, "Nesterov"),
    (optim.Adagrad, {"lr": -1.0}, "lr"),
    (optim.Adagrad, {"lr_decay": -0.1}, "lr_decay"),
    (optim.Adagrad, {"initial_accumulator_value": -1.0}, "initial_accumulator_value"),
    (optim.Adagrad, {"eps": -1e-10}, "eps"),
    (optim.RMSprop, {"lr": -1e-3}, "lr"),
    (optim.RMSprop, {"momentum": -0.9}, "momentum"),
    (optim.RMSprop, {"alpha": -0.1}, "alpha"),
    (optim.Adam, {"lr": -1e-3}, "lr"),
    (optim.Adam, {"betas": (1.0, 0.999)}, "betas[0]"),
    (optim.Adam, {"betas": (-0.1, 0.999)}, "betas[0]"),
    (optim.Adam, {"betas": (0.9, 1.0)}, "betas[1]"),
    (optim.Adam, {"eps": -1e-8}, "eps"),
    (optim.Adam, {"weight_decay": -0.01}, "weight_decay"),
    (optim.AdamW, {"weight_decay": -0.01}, "weight_decay"),
    (optim.AdamW, {"betas": (0.9, 1.5)}, "betas[1]"),
]
# Rejected by the course optimizers only: PyTorch accepts these (or fails with another error later).
BAD_FOR_COURSE_ONLY = [
    (optim.RMSprop, {"alpha": 1.0}, "alpha"),
    (optim.Adam, {"lr": float("nan")}, "lr"),
    (optim.SGD, {"lr": float("inf")}, "lr"),
    (optim.Adam, {"lr": "0.01"}, "lr"),
    (optim.Adam, {"betas": (0.9,)}, "betas"),
    (optim.Adam, {"betas": 0.9}, "betas"),
]
TORCH_CLASSES = {optim.SGD: torch.optim.SGD, optim.Adagrad: torch.optim.Adagrad, optim.RMSprop: torch.optim.RMSprop,
                 optim.Adam: torch.optim.Adam, optim.AdamW: torch.optim.AdamW}


@pytest.mark.parametrize("course_class, hyper, name", BAD_HYPERPARAMETERS + BAD_FOR_COURSE_ONLY)
def test_bad_hyperparameter_raises_value_error(course_class, hyper, name):
    with pytest.raises(ValueError) as raised:
        course_class([torch.nn.Parameter(torch.zeros(2))], **hyper)
    assert name in str(raised.value)


@pytest.mark.parametrize("course_class, hyper, name", BAD_HYPERPARAMETERS)
def test_torch_raises_the_same_error_type(course_class, hyper, name):
    with pytest.raises(ValueError):
        TORCH_CLASSES[course_class]([torch.nn.Parameter(torch.zeros(2))], **hyper)


def test_bad_hyperparameter_message_in_chinese():
    previous = i18n.get_language()
    i18n.set_language("zh")
    try:
        with pytest.raises(ValueError) as raised:
            optim.Adam([torch.nn.Parameter(torch.zeros(2))], betas=(0.9, 1.0))
    finally:
        i18n.set_language(previous)
    message = str(raised.value)
    assert "betas[1]" in message
    assert "1.0" in message
    assert "无效" in message


def test_bad_lr_in_added_param_group_raises():
    optimizer = optim.SGD([torch.nn.Parameter(torch.zeros(2))], lr=0.1)
    with pytest.raises(ValueError, match="lr"):
        optimizer.add_param_group({"params": [torch.nn.Parameter(torch.zeros(2))], "lr": -0.1})


@pytest.mark.parametrize("norm_type", [2.0, 1.0, float("inf")])
@pytest.mark.parametrize("max_norm", [0.5, 1e3])
def test_clip_grad_norm_matches_torch(norm_type, max_norm):
    ours, reference = make_model(), make_model()
    X, y = make_data()
    for model in (ours, reference):
        torch.nn.functional.mse_loss(model(X), y * 10).backward()
    norm = optim.clip_grad_norm_(ours.parameters(), max_norm, norm_type)
    reference_norm = torch.nn.utils.clip_grad_norm_(reference.parameters(), max_norm, norm_type)
    assert norm.item() == pytest.approx(reference_norm.item(), rel=1e-6)
    for a, b in zip(ours.parameters(), reference.parameters()):
        assert torch.allclose(a.grad, b.grad, rtol=1e-6, atol=1e-9)
    clipped = torch.linalg.vector_norm(torch.stack(
        [torch.linalg.vector_norm(p.grad, norm_type) for p in ours.parameters()]), norm_type)
    assert clipped.item() <= max_norm * (1 + 1e-5)


def test_clip_grad_norm_negative_max_raises():
    param = torch.nn.Parameter(torch.ones(2))
    param.grad = torch.ones(2)
    with pytest.raises(ValueError, match="max_norm"):
        optim.clip_grad_norm_([param], -1.0)


# --- schedules ----------------------------------------------------------------------------------------------

SCHEDULE_STEPS = 100


def scheduled_lrs(optimizer, scheduler, steps=SCHEDULE_STEPS) -> list[list[float]]:
    """Learning rates of every group at steps 0 .. steps - 1, stepping as a training loop does."""
    lrs = []
    for _ in range(steps):
        lrs.append([group["lr"] for group in optimizer.param_groups])
        optimizer.step()
        scheduler.step()
    return lrs


def two_groups(optimizer_class=torch.optim.SGD, **hyper):
    params = [torch.nn.Parameter(torch.zeros(2)), torch.nn.Parameter(torch.zeros(2))]
    return optimizer_class([{"params": params[:1], "lr": 0.5}, {"params": params[1:], "lr": 0.05}], **hyper)


def torch_warmup_cosine(optimizer):
    lr_scheduler = torch.optim.lr_scheduler
    warmup = lr_scheduler.LinearLR(optimizer, start_factor=0.1, total_iters=10)
    decay = lr_scheduler.CosineAnnealingLR(optimizer, T_max=SCHEDULE_STEPS - 10, eta_min=0.001)
    return lr_scheduler.SequentialLR(optimizer, [warmup, decay], milestones=[10])


# (case id, course schedule of (step, base_lr), PyTorch scheduler factory)
SCHEDULE_CASES = [
    ("step", partial(schedules.step_decay, step_size=30, gamma=0.5),
     lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=30, gamma=0.5)),
    ("cosine", partial(schedules.cosine, total_steps=SCHEDULE_STEPS, min_lr=0.001),
     lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=SCHEDULE_STEPS, eta_min=0.001)),
    ("warmup-cosine", partial(schedules.warmup_cosine, warmup_steps=10, total_steps=SCHEDULE_STEPS,
                              start_factor=0.1, min_lr=0.001),
     torch_warmup_cosine),
    ("one-cycle", partial(schedules.one_cycle, total_steps=SCHEDULE_STEPS, pct_start=0.25),
     lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=[0.5, 0.05], total_steps=SCHEDULE_STEPS,
                                                   pct_start=0.25, cycle_momentum=False)),
]


@pytest.mark.parametrize("case_id, schedule, torch_factory", SCHEDULE_CASES, ids=[c[0] for c in SCHEDULE_CASES])
def test_schedule_matches_torch(case_id, schedule, torch_factory):
    ours_optimizer, reference_optimizer = two_groups(optim.SGD), two_groups()
    ours = scheduled_lrs(ours_optimizer, schedules.Scheduler(ours_optimizer, schedule))
    reference = scheduled_lrs(reference_optimizer, torch_factory(reference_optimizer))
    assert len({row[0] for row in ours}) > 2, "the schedule never changed the learning rate"
    for step, (a, b) in enumerate(zip(ours, reference)):
        assert a == pytest.approx(b, rel=1e-9, abs=1e-12), f"step {step}"


@pytest.mark.parametrize("optimizer_class, key", [(torch.optim.SGD, "momentum"), (torch.optim.Adam, "betas")])
def test_one_cycle_momentum_matches_torch(optimizer_class, key):
    hyper = {"momentum": 0.9} if key == "momentum" else {}
    ours_optimizer, reference_optimizer = two_groups(optimizer_class, **hyper), two_groups(optimizer_class, **hyper)
    scheduler = schedules.Scheduler(
        ours_optimizer, partial(schedules.one_cycle, total_steps=SCHEDULE_STEPS),
        partial(schedules.one_cycle_momentum, total_steps=SCHEDULE_STEPS))
    reference = torch.optim.lr_scheduler.OneCycleLR(reference_optimizer, max_lr=[0.5, 0.05],
                                                    total_steps=SCHEDULE_STEPS)
    for step in range(SCHEDULE_STEPS):
        for ours_group, reference_group in zip(ours_optimizer.param_groups, reference_optimizer.param_groups):
            ours_value = ours_group[key][0] if key == "betas" else ours_group[key]
            reference_value = reference_group[key][0] if key == "betas" else reference_group[key]
            assert ours_value == pytest.approx(reference_value, rel=1e-9), f"step {step}"
            assert ours_group["lr"] == pytest.approx(reference_group["lr"], rel=1e-9), f"step {step}"
        ours_optimizer.step()
        reference_optimizer.step()
        scheduler.step()
        reference.step()


def test_torch_scheduler_drives_course_optimizer():
    ours_optimizer, reference_optimizer = two_groups(optim.SGD), two_groups()
    ours = scheduled_lrs(ours_optimizer, torch.optim.lr_scheduler.StepLR(ours_optimizer, step_size=7, gamma=0.3))
    reference = scheduled_lrs(reference_optimizer,
                              torch.optim.lr_scheduler.StepLR(reference_optimizer, step_size=7, gamma=0.3))
    assert ours == reference


def test_scheduler_state_round_trip():
    schedule = partial(schedules.warmup_cosine, warmup_steps=10, total_steps=SCHEDULE_STEPS)
    optimizer = two_groups(optim.SGD)
    scheduler = schedules.Scheduler(optimizer, schedule)
    first_half = scheduled_lrs(optimizer, scheduler, SCHEDULE_STEPS // 2)
    state = copy.deepcopy(scheduler.state_dict())

    # A resumed run builds its optimizer at the original learning rates, then loads the scheduler state.
    resumed_optimizer = two_groups(optim.SGD)
    resumed = schedules.Scheduler(resumed_optimizer, schedule)
    resumed.load_state_dict(state)
    second_half = scheduled_lrs(resumed_optimizer, resumed, SCHEDULE_STEPS - SCHEDULE_STEPS // 2)

    uninterrupted_optimizer = two_groups(optim.SGD)
    uninterrupted = scheduled_lrs(uninterrupted_optimizer, schedules.Scheduler(uninterrupted_optimizer, schedule))
    assert first_half + second_half == uninterrupted


def test_schedules_hold_final_value_after_the_end():
    assert schedules.cosine(150, 1.0, total_steps=100, min_lr=0.01) == 0.01
    assert schedules.one_cycle(150, 1.0, total_steps=100) == pytest.approx(1.0 / 25 / 1e4)
    assert schedules.one_cycle_momentum(150, total_steps=100) == 0.95


@pytest.mark.parametrize("call, name", [
    (lambda: schedules.step_decay(0, 0.1, step_size=0), "step_size"),
    (lambda: schedules.step_decay(0, 0.1, step_size=10, gamma=-0.5), "gamma"),
    (lambda: schedules.step_decay(-1, 0.1, step_size=10), "step"),
    (lambda: schedules.cosine(0, 0.1, total_steps=0), "total_steps"),
    (lambda: schedules.cosine(0, 0.1, total_steps=10, min_lr=-1.0), "min_lr"),
    (lambda: schedules.warmup_cosine(0, 0.1, warmup_steps=10, total_steps=10), "total_steps"),
    (lambda: schedules.warmup_cosine(0, 0.1, warmup_steps=5, total_steps=10, start_factor=0.0), "start_factor"),
    (lambda: schedules.one_cycle(0, 0.1, total_steps=100, pct_start=1.0), "pct_start"),
    (lambda: schedules.one_cycle(0, 0.1, total_steps=100, pct_start=0.005), "pct_start"),
    (lambda: schedules.one_cycle(0, 0.1, total_steps=1), "total_steps"),
    (lambda: schedules.one_cycle_momentum(0, total_steps=100, base_momentum=0.99), "base_momentum"),
    (lambda: schedules.one_cycle_momentum(0, total_steps=100, max_momentum=1.0), "max_momentum"),
])
def test_bad_schedule_setting_raises(call, name):
    with pytest.raises(ValueError, match=name.replace("[", r"\[")):
        call()

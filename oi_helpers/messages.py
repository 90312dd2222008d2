"""The translation table: every learner-facing string, in English and Simplified Chinese.

Keys are "<module>.<name>". Each entry maps "en" and "zh" to a format
string; both must take the same fields. Keep entries grouped by module so
each chapter's strings stay together. Terms follow GLOSSARY.md.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # --- i18n -------------------------------------------------------------
    "i18n.bad_language": {
        "en": "Unknown language {value}. Use \"en\" for English or \"zh\" for Simplified Chinese.",
        "zh": "未知语言 {value}。请使用 \"en\"（英文）或 \"zh\"（简体中文）。",
    },
    "i18n.version_mismatch": {
        "en": "This notebook was written for oi_helpers {expected}, but version {installed} is installed. "
              "Run `pip install -e .` in the course folder, then restart the kernel.",
        "zh": "本笔记本针对 oi_helpers {expected} 编写，但当前安装的是 {installed} 版。"
              "请在课程目录中运行 `pip install -e .`，然后重启内核。",
    },
    # --- runtime ----------------------------------------------------------
    "runtime.bad_seed": {
        "en": "The seed must be a non-negative integer, got {value}.",
        "zh": "随机种子必须是非负整数，但收到的是 {value}。",
    },
    # --- data -------------------------------------------------------------
    "data.unknown_dataset": {
        "en": "Unknown dataset {name!r}. Available datasets: {available}. "
              "Run `python -m oi_helpers data list` to see them with descriptions.",
        "zh": "未知数据集 {name!r}。可用的数据集：{available}。"
              "运行 `python -m oi_helpers data list` 可查看说明。",
    },
    "data.checksum_mismatch": {
        "en": "The file {path} of dataset {name!r} from {source} is corrupt: its SHA-256 is {actual}, "
              "expected {expected}. Nothing was saved. Try again; if it fails again, the source has changed "
              "or a proxy is altering the file, so download it from {url} on another network or ask your teacher for a mirror.",
        "zh": "数据集 {name!r} 的文件 {path}（来自 {source}）已损坏：其 SHA-256 为 {actual}，应为 {expected}。"
              "未保存任何内容。请重试；若仍失败，说明源文件已变化或有代理篡改了文件，"
              "请换一个网络从 {url} 下载，或向老师索取镜像。",
    },
    "data.size_mismatch": {
        "en": "The download of {path} (dataset {name!r}) from {url} stopped early: received {received} of {expected} bytes. "
              "Nothing was saved. Check your connection and run the cell again.",
        "zh": "从 {url} 下载 {path}（数据集 {name!r}）时中途断开：只收到 {received} / {expected} 字节。"
              "未保存任何内容。请检查网络后重新运行该单元格。",
    },
    "data.http_error": {
        "en": "Downloading {path} (dataset {name!r}) from {url} failed with HTTP {status} ({reason}). Nothing was saved. "
              "If you use a mirror, check that it holds this file; otherwise try again later.",
        "zh": "从 {url} 下载 {path}（数据集 {name!r}）失败，HTTP {status}（{reason}）。未保存任何内容。"
              "如果使用镜像，请确认镜像中有该文件；否则请稍后重试。",
    },
    "data.network_error": {
        "en": "Could not download {path} (dataset {name!r}) from {url}: {reason}. Nothing was saved.\n"
              "Working offline? On a machine with internet, run `python -m oi_helpers data fetch --all` "
              "and copy the folder {cache} here, or set OI_DATA_MIRROR to a folder or URL that holds the datasets "
              "(for example a copy on a USB stick or your teacher's classroom server).",
        "zh": "无法从 {url} 下载 {path}（数据集 {name!r}）：{reason}。未保存任何内容。\n"
              "没有网络？请在能上网的电脑上运行 `python -m oi_helpers data fetch --all`，再把文件夹 {cache} 复制到这里；"
              "或者把环境变量 OI_DATA_MIRROR 设为存有数据集的文件夹或网址（例如 U 盘中的副本或老师的课堂服务器）。",
    },
    "data.mirror_corrupt": {
        "en": "The mirror copy {path} of dataset {name!r} does not match the registry (SHA-256 {actual}, expected {expected}). "
              "Ask whoever set up the mirror to fetch it again with `python -m oi_helpers data fetch {name}`.",
        "zh": "镜像中数据集 {name!r} 的文件 {path} 与登记信息不符（SHA-256 为 {actual}，应为 {expected}）。"
              "请让镜像维护者运行 `python -m oi_helpers data fetch {name}` 重新获取。",
    },
    "data.unsafe_archive": {
        "en": "The archive {archive} contains the member {member}, which would be written outside {target}. "
              "Nothing was extracted. The archive is not safe to use.",
        "zh": "压缩包 {archive} 含有成员 {member}，解压后会写到 {target} 之外。未解压任何内容，该压缩包不安全。",
    },
    "data.downloading": {
        "en": "Downloading {path}",
        "zh": "正在下载 {path}",
    },
    "data.list_header": {
        "en": "{name:<24} {size:>9}  {cached:<7} {license}",
        "zh": "{name:<24} {size:>9}  {cached:<7} {license}",
    },
    "data.cached_yes": {"en": "cached", "zh": "已缓存"},
    "data.cached_no": {"en": "-", "zh": "-"},
    "data.col_name": {"en": "dataset", "zh": "数据集"},
    "data.col_size": {"en": "size", "zh": "大小"},
    "data.col_cached": {"en": "cache", "zh": "缓存"},
    "data.col_license": {"en": "licence", "zh": "许可证"},
    "data.fetched": {
        "en": "{name}: {count} file(s) ready in {where}",
        "zh": "{name}：{count} 个文件已就绪，位于 {where}",
    },
    "data.verify_ok": {"en": "ok       {path}", "zh": "正常     {path}"},
    "data.verify_missing": {"en": "missing  {path}", "zh": "缺失     {path}"},
    "data.verify_bad": {"en": "CORRUPT  {path} (deleted, fetch it again)", "zh": "已损坏   {path}（已删除，请重新获取）"},
    "data.verify_summary": {
        "en": "{ok} file(s) ok, {missing} missing, {bad} corrupt in {cache}",
        "zh": "{cache} 中：{ok} 个文件正常，{missing} 个缺失，{bad} 个损坏",
    },
    "data.bad_split": {
        "en": "Unknown split {split!r} for dataset {name!r}. Choose one of: {choices}.",
        "zh": "数据集 {name!r} 没有 {split!r} 划分。可选：{choices}。",
    },
    "data.bad_fraction": {
        "en": "The fraction must be between 0 and 1 (exclusive), got {value}.",
        "zh": "比例必须在 0 和 1 之间（不含端点），但收到的是 {value}。",
    },
    "data.fetch_needs_names": {
        "en": "Name at least one dataset to fetch, or use --all.",
        "zh": "请至少指定一个要获取的数据集，或使用 --all。",
    },
    # --- plot -------------------------------------------------------------
    "plot.no_cjk_font": {
        "en": "No Chinese (CJK) font was found, so Chinese labels in plots would show as boxes. "
              "Install one: on Debian/Ubuntu `sudo apt-get install fonts-noto-cjk`, on macOS and Windows one is already "
              "installed (restart the kernel); or put a .ttf/.otf font such as Noto Sans SC in {folder}.",
        "zh": "未找到中文（CJK）字体，图中的中文会显示为方框。请安装一种：Debian/Ubuntu 运行 `sudo apt-get install fonts-noto-cjk`；"
              "macOS 和 Windows 自带中文字体（重启内核即可）；或把 Noto Sans SC 等 .ttf/.otf 字体文件放到 {folder}。",
    },
    "plot.step": {"en": "step", "zh": "步"},
    "plot.loss": {"en": "loss (nats per token)", "zh": "损失（奈特/词元）"},
    "plot.train": {"en": "training", "zh": "训练集"},
    "plot.val": {"en": "validation", "zh": "验证集"},
    "plot.loss_curve_title": {"en": "Loss during training", "zh": "训练过程中的损失"},
    # --- doctor -----------------------------------------------------------
    "doctor.title": {"en": "Open Interpreter course: environment check", "zh": "Open Interpreter 课程：环境检查"},
    "doctor.python": {"en": "Python", "zh": "Python"},
    "doctor.packages": {"en": "Packages", "zh": "软件包"},
    "doctor.not_installed": {"en": "not installed", "zh": "未安装"},
    "doctor.device": {"en": "Device", "zh": "计算设备"},
    "doctor.threads": {"en": "CPU threads used by torch", "zh": "torch 使用的 CPU 线程数"},
    "doctor.font": {"en": "CJK font for plots", "zh": "绘图用中文字体"},
    "doctor.font_missing": {"en": "none found (Chinese labels would show as boxes)", "zh": "未找到（中文标签会显示为方框）"},
    "doctor.language": {"en": "Language", "zh": "界面语言"},
    "doctor.cache": {"en": "Dataset cache (OI_DATA_DIR)", "zh": "数据集缓存（OI_DATA_DIR）"},
    "doctor.mirror": {"en": "Dataset mirror (OI_DATA_MIRROR)", "zh": "数据集镜像（OI_DATA_MIRROR）"},
    "doctor.mirror_none": {"en": "not set (downloads from the original sources)", "zh": "未设置（从原始来源下载）"},
    "doctor.datasets": {"en": "Datasets available without downloading", "zh": "无需下载即可使用的数据集"},
    "doctor.none": {"en": "none", "zh": "无"},
    # --- models -----------------------------------------------------------
    "models.sequence_too_long": {
        "en": "The input has {length} tokens, but this model's block_size is {block_size}: it cannot attend further back. "
              "Crop the input to its last {block_size} tokens (idx[:, -{block_size}:]) or build a model with a larger block_size.",
        "zh": "输入有 {length} 个词元，但该模型的 block_size 为 {block_size}，无法关注更远的位置。"
              "请只保留最后 {block_size} 个词元（idx[:, -{block_size}:]），或构建 block_size 更大的模型。",
    },
    "models.bad_input": {
        "en": "The model expects token ids as an integer tensor of shape (batch, time), got {got}.",
        "zh": "模型需要形状为 (batch, time) 的整数词元 id 张量，但收到的是 {got}。",
    },
    "models.token_out_of_range": {
        "en": "Token id {value} is outside the vocabulary (vocab_size = {vocab_size}). Encode the text with the same vocabulary the model was built with.",
        "zh": "词元 id {value} 超出词表范围（vocab_size = {vocab_size}）。请使用构建模型时的同一个词表来编码文本。",
    },
    "models.bad_config": {
        "en": "Invalid model setting {field} = {value}: {reason}.",
        "zh": "模型设置 {field} = {value} 无效：{reason}。",
    },
    "models.reason_positive": {"en": "it must be a positive integer", "zh": "必须是正整数"},
    "models.reason_heads": {"en": "n_embd must be divisible by n_head", "zh": "n_embd 必须能被 n_head 整除"},
    "models.reason_dropout": {"en": "dropout must be in [0, 1)", "zh": "dropout 必须在 [0, 1) 内"},
    # --- text (vocabularies) -----------------------------------------------
    "text.unknown_char": {
        "en": "The character {char!r} (U+{code:04X}) is not in the vocabulary of {size} characters. "
              "Use only characters from the training text, or build the vocabulary with an <unk> token.",
        "zh": "字符 {char!r}（U+{code:04X}）不在这个含 {size} 个字符的词表中。"
              "请只使用训练文本中出现过的字符，或构建带 <unk> 词元的词表。",
    },
    "text.unknown_id": {
        "en": "Token id {value} is outside the vocabulary (size {size}).",
        "zh": "词元 id {value} 超出词表范围（大小为 {size}）。",
    },
    "text.not_text": {
        "en": "Expected text (str), got {kind}. Decode bytes first with .decode(\"utf-8\").",
        "zh": "需要文本（str），但收到的是 {kind}。如果是 bytes，请先用 .decode(\"utf-8\") 解码。",
    },
    "text.empty_corpus": {
        "en": "Cannot build a vocabulary from empty text.",
        "zh": "无法从空文本构建词表。",
    },
    "text.none_text": {
        "en": "Got None where text (str) was expected. Check that the variable was assigned, "
              "and that the function that produced it returns its result.",
        "zh": "此处需要文本（str），但收到的是 None。请检查该变量是否已赋值，以及生成它的函数是否返回了结果。",
    },
    "text.wrong_type": {
        "en": "Expected text (str), got {kind} {value}. Convert a number with str(...); "
              "a float nan is usually a missing value from a table, so drop or fill those rows first.",
        "zh": "需要文本（str），但收到的是 {kind} {value}。数字请先用 str(...) 转换；"
              "float 类型的 nan 通常是表格中的缺失值，请先删除或填充这些行。",
    },
    "text.tokens_not_list": {
        "en": "Expected {argument} as a list of token strings, got the single string {value}. "
              "Tokenize it first, for example with oi_helpers.text.tokenize(text); list(text) gives its characters.",
        "zh": "{argument} 应当是由词元字符串组成的列表，但收到的是一个字符串 {value}。"
              "请先分词，例如 oi_helpers.text.tokenize(text)；list(text) 会得到它的各个字符。",
    },
    "text.token_not_str": {
        "en": "Every token must be a str, but one is {kind} {value}.",
        "zh": "每个词元都必须是 str，但其中一个是 {kind} {value}。",
    },
    "text.bad_form": {
        "en": "Unknown Unicode normal form {value}. Choose one of {choices}, or None to skip normalisation.",
        "zh": "未知的 Unicode 规范化形式 {value}。请从 {choices} 中选择，或传入 None 跳过规范化。",
    },
    "text.unknown_tokenizer": {
        "en": "Unknown tokenizer {value}. Choose one of: {choices}.",
        "zh": "未知的分词器 {value}。可选：{choices}。",
    },
    "text.missing_package": {
        "en": "The package {package} is not installed. Install it with `pip install {package}`, then restart the kernel.",
        "zh": "未安装软件包 {package}。请运行 `pip install {package}` 安装，然后重启内核。",
    },
    "text.bad_n": {
        "en": "n must be a positive integer (1 for unigrams, 2 for bigrams, ...), got {value}.",
        "zh": "n 必须是正整数（1 表示一元语法，2 表示二元语法，依此类推），但收到的是 {value}。",
    },
    "text.bad_min_freq": {
        "en": "The minimum frequency must be a positive integer, got {value}.",
        "zh": "最小词频必须是正整数，但收到的是 {value}。",
    },
    "text.bad_max_size": {
        "en": "max_size must be None or a non-negative integer, got {value}.",
        "zh": "max_size 必须是 None 或非负整数，但收到的是 {value}。",
    },
    "text.bad_length": {
        "en": "The padded length must be a non-negative integer, got {value}.",
        "zh": "填充后的长度必须是非负整数，但收到的是 {value}。",
    },
    "text.bad_vocab_size": {
        "en": "A byte-level BPE vocabulary needs at least {minimum} tokens (one per byte value), got vocab_size = {value}.",
        "zh": "字节级 BPE 词表至少需要 {minimum} 个词元（每个字节值一个），但 vocab_size = {value}。",
    },
    "text.bad_merge": {
        "en": "Merge {index} is {pair}, but a merge must be a pair of token ids below {size}, "
              "the vocabulary size before that merge. Pass the merges in the order they were learned.",
        "zh": "第 {index} 次合并是 {pair}，但合并必须是一对小于 {size}（该次合并之前的词表大小）的词元 id。"
              "请按学习时的顺序传入合并规则。",
    },
    # --- train ------------------------------------------------------------
    "train.too_short": {
        "en": "The token stream has {length} tokens, too few for block_size {block_size}: it needs at least {needed}. "
              "Use more text or a smaller block_size.",
        "zh": "词元序列只有 {length} 个词元，对 block_size {block_size} 来说太短，至少需要 {needed} 个。"
              "请使用更多文本或更小的 block_size。",
    },
    "train.bad_setting": {
        "en": "Invalid training setting {field} = {value}: it must be {rule}.",
        "zh": "训练设置 {field} = {value} 无效：必须{rule}。",
    },
    "train.rule_positive": {"en": "a positive integer", "zh": "为正整数"},
    "train.rule_positive_number": {"en": "a positive number", "zh": "为正数"},
    "train.rule_non_negative": {"en": "zero or positive", "zh": "为零或正数"},
    "train.progress": {"en": "training", "zh": "训练中"},
    "train.eval_line": {
        "en": "step {step:>5} | train loss {train:.3f} | val loss {val:.3f} | lr {lr:.2e} | {elapsed:.0f} s",
        "zh": "第 {step:>5} 步 | 训练损失 {train:.3f} | 验证损失 {val:.3f} | 学习率 {lr:.2e} | {elapsed:.0f} 秒",
    },
    "train.done": {
        "en": "Trained {steps} steps in {elapsed:.1f} s ({tokens_per_s:,.0f} tokens/s). Final validation loss: {val:.3f} nats per token.",
        "zh": "训练了 {steps} 步，用时 {elapsed:.1f} 秒（每秒 {tokens_per_s:,.0f} 个词元）。最终验证损失：每词元 {val:.3f} 奈特。",
    },
    "train.time_budget": {
        "en": "Stopped at step {step}: the time budget of {seconds:.0f} s is used up.",
        "zh": "在第 {step} 步停止：{seconds:.0f} 秒的时间预算已用完。",
    },
    "train.resumed": {
        "en": "Resumed from checkpoint {path} at step {step}.",
        "zh": "已从检查点 {path} 的第 {step} 步恢复训练。",
    },
    "train.checkpoint_missing": {
        "en": "No checkpoint at {path}. Train first, or check the path.",
        "zh": "{path} 处没有检查点。请先训练，或检查路径。",
    },
    "train.checkpoint_invalid": {
        "en": "The file {path} is not a course checkpoint or is damaged ({reason}). Delete it and train again.",
        "zh": "文件 {path} 不是课程的检查点，或已损坏（{reason}）。请删除后重新训练。",
    },
    "train.checkpoint_mismatch": {
        "en": "The checkpoint {path} was saved from a model with different settings ({reason}). Build the model with the settings stored in the checkpoint, or train a new one.",
        "zh": "检查点 {path} 保存自设置不同的模型（{reason}）。请用检查点中保存的设置构建模型，或重新训练。",
    },
    # --- sampling ---------------------------------------------------------
    "sampling.bad_temperature": {
        "en": "temperature must be zero (greedy) or positive, got {value}.",
        "zh": "温度必须为 0（贪心）或正数，但收到的是 {value}。",
    },
    "sampling.bad_top_k": {
        "en": "top_k must be a positive integer or None, got {value}.",
        "zh": "top_k 必须是正整数或 None，但收到的是 {value}。",
    },
    "sampling.bad_top_p": {
        "en": "top_p must be in (0, 1] or None, got {value}.",
        "zh": "top_p 必须在 (0, 1] 内或为 None，但收到的是 {value}。",
    },
    "sampling.empty_prompt": {
        "en": "The prompt is empty: give at least one token to start from.",
        "zh": "提示为空：至少需要一个词元作为开头。",
    },
    # --- exercises --------------------------------------------------------
    "exercises.passed": {
        "en": "✅ {name}: all {count} checks passed.",
        "zh": "✅ {name}：全部 {count} 项检查通过。",
    },
    "exercises.failed": {
        "en": "❌ {name}: check {index} of {count} failed.\n   input:    {inputs}\n   expected: {expected}\n   got:      {got}",
        "zh": "❌ {name}：第 {index} 项检查（共 {count} 项）未通过。\n   输入：  {inputs}\n   期望：  {expected}\n   得到：  {got}",
    },
    "exercises.raised": {
        "en": "❌ {name}: check {index} of {count} raised {error}.\n   input: {inputs}",
        "zh": "❌ {name}：第 {index} 项检查（共 {count} 项）抛出了 {error}。\n   输入：{inputs}",
    },
    "exercises.hint": {"en": "💡 Hint: {hint}", "zh": "💡 提示：{hint}"},
    "exercises.not_implemented": {
        "en": "✏️ {name}: not attempted yet. Replace the `...` or `raise NotImplementedError` with your code, then run the cell again.",
        "zh": "✏️ {name}：尚未作答。请把 `...` 或 `raise NotImplementedError` 换成你的代码，然后重新运行该单元格。",
    },
    "exercises.not_callable": {
        "en": "❌ {name}: expected a function, got {kind}.",
        "zh": "❌ {name}：需要一个函数，但收到的是 {kind}。",
    },
}

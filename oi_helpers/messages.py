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
        "en": "Could not download {path} (dataset {name!r}) from {url}: {reason}. Nothing was saved.",
        "zh": "无法从 {url} 下载 {path}（数据集 {name!r}）：{reason}。未保存任何内容。",
    },
    "data.offline_hint": {
        "en": "Working offline? On a machine with internet, run `python -m oi_helpers data fetch --all` "
              "and copy the folder {cache} here, or set OI_DATA_MIRROR to a folder or URL that holds the datasets "
              "(for example a copy on a USB stick or your teacher's classroom server).",
        "zh": "无法从 {url} 下载 {path}（数据集 {name!r}）：{reason}。未保存任何内容。",
        "zh": "没有网络？请在能上网的电脑上运行 `python -m oi_helpers data fetch --all`，再把文件夹 {cache} 复制到这里；"
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
    "data.description.tiny-shakespeare": {
        "en": "Tiny Shakespeare: about 1.1 MB of Shakespeare's plays in one text file, the classic corpus for character-level language models.",
        "zh": "Tiny Shakespeare：约 1.1 MB 的莎士比亚剧本合集，是字符级语言模型的经典语料。",
    },
    "data.description.names": {
        "en": "32,033 lowercase English first names (the most common US baby names of 2018), one per line.",
        "zh": "32,033 个小写英文名（2018 年美国最常见的新生儿名字），每行一个。",
    },
    "data.description.chinese-poetry": {
        "en": "Classical Chinese poetry: 5,003 Tang poems plus the 300 Tang Poems (Traditional characters), 2,000 Song ci plus the 300 Song Ci (Simplified).",
        "zh": "中国古典诗词：5,003 首唐诗及《唐诗三百首》（繁体），2,000 首宋词及《宋词三百首》（简体）。",
    },
    "data.description.chnsenticorp-htl": {
        "en": "ChnSentiCorp: 7,766 Chinese hotel reviews labelled positive or negative.",
        "zh": "ChnSentiCorp：7,766 条中文酒店评论，标注为正面或负面。",
    },
    "data.description.online-shopping-10-cats": {
        "en": "62,774 Chinese online-shopping reviews in 10 product categories, labelled positive or negative (a ZIP with one CSV).",
        "zh": "62,774 条中文网购评论，涵盖 10 个商品类别，标注为正面或负面（ZIP 内含一个 CSV）。",
    },
    "data.description.sst2": {
        "en": "SST-2: English movie-review sentences labelled positive or negative (train 67,349 / dev 872 / test 1,821).",
        "zh": "SST-2：英文影评句子，标注为正面或负面（训练 67,349 / 验证 872 / 测试 1,821）。",
    },
    "data.description.cmn-eng": {
        "en": "29,155 English–Mandarin sentence pairs from Tatoeba, with attribution on every line.",
        "zh": "29,155 个来自 Tatoeba 的英汉句对，每行附有署名。",
    },
    "data.description.banking77": {
        "en": "BANKING77: 13,083 English customer-service queries in 77 banking intents.",
        "zh": "BANKING77：13,083 条英文银行客服问句，分属 77 种意图。",
    },
    "data.description.cais": {
        "en": "CAIS: about 10,000 Chinese smart-speaker requests with intent labels and character-level slot tags.",
        "zh": "CAIS：约一万条中文智能音箱指令，带意图标签和字级槽位标注。",
    },
    "data.mirror_folder_missing": {
        "en": "The mirror folder {folder} (OI_DATA_MIRROR) does not exist or is not a folder. Check the path, or unset OI_DATA_MIRROR.",
        "zh": "镜像文件夹 {folder}（OI_DATA_MIRROR）不存在或不是文件夹。请检查路径，或取消设置 OI_DATA_MIRROR。",
    },
    "data.mirror_file_missing": {
        "en": "The mirror folder {folder} has no file {path}. Copy it there with `python -m oi_helpers data fetch {name}` on a machine that has the dataset.",
        "zh": "镜像文件夹 {folder} 中没有文件 {path}。请在已有该数据集的电脑上运行 `python -m oi_helpers data fetch {name}`，再把它复制过去。",
    },
    "data.verify_partial": {"en": "removed  {path} (left by an interrupted download)", "zh": "已删除   {path}（中断的下载留下的）"},
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
    "models.reason_cell": {"en": "it must be one of {choices}", "zh": "必须是 {choices} 之一"},
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
    "text.bad_count": {
        "en": "The count of token {token!r} must be a non-negative integer, got {value}.",
        "zh": "词元 {token!r} 的计数必须是非负整数，但收到的是 {value}。",
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
    "train.diverged": {
        "en": "Training diverged at step {step}: the loss became {loss} with learning rate {lr:.2e}. "
              "Lower lr (for example by a factor of 3 to 10) or add gradient clipping, then train again from a fresh model.",
        "zh": "训练在第 {step} 步发散：损失变成了 {loss}，当时学习率为 {lr:.2e}。"
              "请调低 lr（例如缩小到原来的 1/3 到 1/10），或加上梯度裁剪，然后用新初始化的模型重新训练。",
    },
    "train.block_too_long": {
        "en": "The training windows are {block_size} tokens long (TrainConfig.block_size, default 128), but the model reads at most "
              "{model_block_size} (its block_size). Pass block_size={model_block_size} or less to train().",
        "zh": "训练窗口长 {block_size} 个词元（TrainConfig.block_size，默认 128），但模型最多只能读入 {model_block_size} 个"
              "（它的 block_size）。请给 train() 传入 block_size={model_block_size} 或更小的值。",
    },
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
    "exercises.returned_none": {
        "en": "   Your function returned None: did it forget a `return` statement?",
        "zh": "   你的函数返回了 None：是不是忘了写 `return` 语句？",
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
    # --- optim ------------------------------------------------------------
    "optim.bad_hyperparameter": {
        "en": "Invalid {name} = {value!r} for {optimizer}: it must be {rule}.",
        "zh": "{optimizer} 的 {name} = {value!r} 无效：必须{rule}。",
    },
    "optim.rule_non_negative": {"en": "a finite number, zero or positive", "zh": "是有限的非负数"},
    "optim.rule_unit_interval": {"en": "a number in [0, 1)", "zh": "是 [0, 1) 内的数"},
    "optim.rule_max_norm": {"en": "zero, a positive number or float(\"inf\") (no clipping)",
                            "zh": "是 0、正数或 float(\"inf\")（不裁剪）"},
    "optim.bad_betas": {
        "en": "Invalid betas = {value!r} for {optimizer}: give a pair (beta1, beta2) such as (0.9, 0.999).",
        "zh": "{optimizer} 的 betas = {value!r} 无效：请给出一对数 (beta1, beta2)，例如 (0.9, 0.999)。",
    },
    "optim.nesterov_needs_momentum": {
        "en": "Nesterov momentum needs momentum > 0 and dampening = 0, got momentum = {momentum} and "
              "dampening = {dampening}. Set momentum (for example 0.9) or turn nesterov off.",
        "zh": "Nesterov 动量要求 momentum > 0 且 dampening = 0，但收到 momentum = {momentum}、"
              "dampening = {dampening}。请设置 momentum（例如 0.9），或关闭 nesterov。",
    },
    "optim.sparse_gradient": {
        "en": "{optimizer} does not support sparse gradients. Build the embedding with sparse=False.",
        "zh": "{optimizer} 不支持稀疏梯度。请用 sparse=False 构建嵌入层。",
    },
    "optim.unsupported_option": {
        "en": "The course's {optimizer} does not support {option}=True. Use torch.optim.{optimizer} for it.",
        "zh": "课程实现的 {optimizer} 不支持 {option}=True。需要该选项时请使用 torch.optim.{optimizer}。",
    },
    "optim.unknown_name": {
        "en": "Unknown optimizer {name!r}. Choose one of: {choices}.",
        "zh": "未知的优化器 {name!r}。可选：{choices}。",
    },
    "optim.name_sgd": {"en": "SGD", "zh": "SGD"},
    "optim.name_momentum": {"en": "SGD + momentum", "zh": "SGD + 动量"},
    "optim.name_nesterov": {"en": "SGD + Nesterov", "zh": "SGD + Nesterov 动量"},
    "optim.name_adagrad": {"en": "AdaGrad", "zh": "AdaGrad"},
    "optim.name_rmsprop": {"en": "RMSProp", "zh": "RMSProp"},
    "optim.name_adam": {"en": "Adam", "zh": "Adam"},
    "optim.name_adamw": {"en": "AdamW", "zh": "AdamW"},
    # --- surfaces ---------------------------------------------------------
    "surfaces.quadratic": {"en": "ill-conditioned quadratic", "zh": "病态二次函数"},
    "surfaces.rosenbrock": {"en": "Rosenbrock valley", "zh": "Rosenbrock 山谷"},
    "surfaces.saddle": {"en": "saddle point", "zh": "鞍点"},
    "surfaces.noisy": {"en": "bowl with noisy gradients", "zh": "梯度带噪声的碗形曲面"},
    "surfaces.after_steps": {"en": "after {steps} steps", "zh": "{steps} 步之后"},
    "surfaces.unknown": {
        "en": "Unknown surface {name!r}. Choose one of: {choices}.",
        "zh": "未知的曲面 {name!r}。可选：{choices}。",
    },
    # --- widgets ----------------------------------------------------------
    "widgets.unknown_surface": {
        "en": "Unknown surface {value}. Choose one of: {choices}.",
        "zh": "未知曲面 {value}。可选：{choices}。",
    },
    "widgets.unknown_optimizer": {
        "en": "Unknown optimizer name(s) {value}: pass a tuple of names chosen from {choices}.",
        "zh": "未知的优化器名称 {value}：请传入一个由以下名称组成的元组：{choices}。",
    },
    "widgets.surface": {"en": "Surface", "zh": "曲面"},
    "widgets.optimizers": {"en": "Optimizers", "zh": "优化器"},
    "widgets.same_lr": {"en": "One learning rate for all", "zh": "所有优化器使用同一学习率"},
    "widgets.lr": {"en": "Learning rate", "zh": "学习率"},
    "widgets.momentum": {"en": "Momentum", "zh": "动量"},
    "widgets.beta1": {"en": "Adam beta1", "zh": "Adam beta1"},
    "widgets.beta2": {"en": "Adam beta2", "zh": "Adam beta2"},
    "widgets.start_x": {"en": "Start x", "zh": "起点 x"},
    "widgets.start_y": {"en": "Start y", "zh": "起点 y"},
    "widgets.steps": {"en": "Steps", "zh": "步数"},
    "widgets.shown_step": {"en": "Show up to step", "zh": "显示到第几步"},
    "widgets.col_optimizer": {"en": "optimizer", "zh": "优化器"},
    "widgets.col_lr": {"en": "learning rate", "zh": "学习率"},
    "widgets.col_loss": {"en": "loss at shown step", "zh": "所显示步的损失"},
    "widgets.diverged": {"en": "diverged", "zh": "发散"},
    # --- schedules --------------------------------------------------------
    "schedules.bad_setting": {
        "en": "Invalid learning-rate schedule setting {name} = {value!r}: it must be {rule}.",
        "zh": "学习率调度的设置 {name} = {value!r} 无效：必须{rule}。",
    },
    "schedules.rule_non_negative_int": {"en": "an integer, zero or positive", "zh": "是非负整数"},
    "schedules.rule_positive_int": {"en": "a positive integer", "zh": "是正整数"},
    "schedules.rule_two_or_more": {"en": "an integer of at least 2", "zh": "是不小于 2 的整数"},
    "schedules.rule_positive": {"en": "a positive number", "zh": "是正数"},
    "schedules.rule_non_negative": {"en": "a finite number, zero or positive", "zh": "是有限的非负数"},
    "schedules.rule_fraction": {"en": "a number in (0, 1]", "zh": "是 (0, 1] 内的数"},
    "schedules.rule_unit_interval": {"en": "a number in [0, 1)", "zh": "是 [0, 1) 内的数"},
    "schedules.rule_after_warmup": {
        "en": "an integer larger than warmup_steps", "zh": "是大于 warmup_steps 的整数"},
    "schedules.rule_pct_start": {
        "en": "a number in (0, 1) that leaves at least one step for the rise and one for the fall "
              "(1 < pct_start * total_steps < total_steps)",
        "zh": "是 (0, 1) 内的数，且上升和下降阶段各至少留一步（1 < pct_start * total_steps < total_steps）"},
    "schedules.rule_momentum": {
        "en": "a number from 0 up to max_momentum", "zh": "是 0 到 max_momentum 之间的数"},
    # --- ngram ------------------------------------------------------------
    "ngram.bad_order": {
        "en": "The n-gram order must be a positive integer (1 for unigrams, 2 for bigrams, ...), got {value}.",
        "zh": "n 元语法的阶数必须是正整数（1 为一元，2 为二元，……），但收到的是 {value}。",
    },
    "ngram.bad_smoothing": {
        "en": "Unknown smoothing {value}. Choose one of: {choices}.",
        "zh": "未知的平滑方法 {value}。可选：{choices}。",
    },
    "ngram.kneser_ney_order": {
        "en": "Kneser–Ney smoothing needs an order of at least 2, because it interpolates each order with the one below. "
              "For a unigram model use smoothing=\"mle\" or \"add_k\".",
        "zh": "Kneser–Ney 平滑要求阶数至少为 2，因为它把每一阶与低一阶插值。一元模型请使用 smoothing=\"mle\" 或 \"add_k\"。",
    },
    "ngram.bad_k": {
        "en": "The add-k constant k must be a positive number, got {value}.",
        "zh": "加 k 平滑的常数 k 必须是正数，但收到的是 {value}。",
    },
    "ngram.bad_discount": {
        "en": "The Kneser–Ney discount must be between 0 and 1, got {value}.",
        "zh": "Kneser–Ney 的折扣值必须在 0 到 1 之间，但收到的是 {value}。",
    },
    "ngram.bad_min_count": {
        "en": "min_count must be a positive integer, got {value}.",
        "zh": "min_count 必须是正整数，但收到的是 {value}。",
    },
    "ngram.bad_sequences": {
        "en": "Expected a string or a list of sequences (strings or lists of tokens), got {kind}.",
        "zh": "需要一个字符串，或由序列（字符串或词元列表）组成的列表，但收到的是 {kind}。",
    },
    "ngram.empty_corpus": {
        "en": "The training corpus contains no tokens, so there is nothing to count.",
        "zh": "训练语料中没有任何词元，无法计数。",
    },
    "ngram.not_fitted": {
        "en": "This n-gram model has not been trained yet. Call model.fit(sequences) first.",
        "zh": "该 n 元语法模型尚未训练。请先调用 model.fit(sequences)。",
    },
    "ngram.bad_max_tokens": {
        "en": "max_tokens must be zero or a positive integer, got {value}.",
        "zh": "max_tokens 必须是零或正整数，但收到的是 {value}。",
    },
    # --- autograd ---------------------------------------------------------
    "autograd.pow_exponent": {
        "en": "The exponent of ** must be a plain number (int or float), got {kind}. "
              "For a variable exponent write (b * a.log()).exp(), which needs a > 0.",
        "zh": "** 的指数必须是普通数字（int 或 float），但收到的是 {kind}。"
              "若指数是变量，请写成 (b * a.log()).exp()，此时要求 a > 0。",
    },
    "autograd.bad_operands": {
        "en": "Value.from_op takes one or two operands and one local derivative per operand, "
              "got {operands} operand(s) and {local_grads} local derivative(s).",
        "zh": "Value.from_op 需要一个或两个操作数，且每个操作数对应一个局部导数，"
              "但收到 {operands} 个操作数和 {local_grads} 个局部导数。",
    },
    "autograd.pow_domain": {
        "en": "{base} ** {exponent} is not a real number: a negative base needs an integer exponent.",
        "zh": "{base} ** {exponent} 不是实数：底数为负时，指数必须是整数。",
    },
    "autograd.log_domain": {
        "en": "log is defined only for positive inputs, got {value}.",
        "zh": "log 只对正数有定义，但输入是 {value}。",
    },
    "autograd.matmul_ndim": {
        "en": "The @ operator of Tensor needs arrays with at least 2 axes, got shapes {left} and {right}. "
              "Reshape a vector to a row (1, n) or a column (n, 1) first.",
        "zh": "Tensor 的 @ 运算要求两个数组都至少有 2 个轴，但形状是 {left} 和 {right}。"
              "请先把向量变形为行 (1, n) 或列 (n, 1)。",
    },
    "autograd.cross_entropy_shapes": {
        "en": "cross_entropy expects logits of shape (N, C) and targets of shape (N,), got {logits} and {targets}.",
        "zh": "cross_entropy 需要形状为 (N, C) 的 logits 和形状为 (N,) 的目标，但收到的是 {logits} 和 {targets}。",
    },
    "autograd.bad_targets": {
        "en": "cross_entropy targets must be integer class ids from 0 to {classes} - 1.",
        "zh": "cross_entropy 的目标必须是 0 到 {classes} - 1 之间的整数类别编号。",
    },
    "autograd.bad_sizes": {
        "en": "An MLP needs a list of at least two positive layer widths, such as [2, 16, 16, 1], got {sizes}.",
        "zh": "MLP 需要至少两个正整数组成的层宽列表，例如 [2, 16, 16, 1]，但收到的是 {sizes}。",
    },
    "autograd.bad_activation": {
        "en": "Unknown activation function {value}. Choose one of: {choices}.",
        "zh": "未知的激活函数 {value}。可选：{choices}。",
    },
    "autograd.graph_too_large": {
        "en": "The graph has {count} nodes, more than the {limit} that fit in a readable drawing. Draw a smaller expression.",
        "zh": "该计算图有 {count} 个节点，超过了能清晰绘制的 {limit} 个。请绘制更小的表达式。",
    },
    "autograd.shape_mismatch": {
        "en": "shapes differ: {ours} vs {reference}",
        "zh": "形状不同：{ours} 与 {reference}",
    },
    "autograd.col_gradient": {"en": "gradient", "zh": "梯度"},
    "autograd.col_exact": {"en": "exact", "zh": "完全相等"},
    "autograd.col_close": {"en": "close", "zh": "近似相等"},
    "autograd.col_max_diff": {"en": "max |difference|", "zh": "最大绝对差"},
    "autograd.yes": {"en": "yes", "zh": "是"},
    "autograd.no": {"en": "no", "zh": "否"},
    "autograd.value_type": {
        "en": "Value needs a real number (int or float), got {kind} {value}. "
              "Pass a number such as Value(2.0), or convert with float(...) first.",
        "zh": "Value 需要一个实数（int 或 float），但收到的是 {kind} {value}。"
              "请传入数字，例如 Value(2.0)，或先用 float(...) 转换。",
    },
    "autograd.division_by_zero": {
        "en": "Division by zero in {numerator} / {denominator}: the quotient and its gradient are undefined. "
              "Make sure the divisor cannot be 0, for example by adding a small epsilon to it.",
        "zh": "{numerator} / {denominator} 中除数为零：商及其梯度都没有定义。"
              "请确保除数不会为 0，例如给它加上一个很小的 epsilon。",
    },
    "autograd.pow_zero": {
        "en": "0 ** {exponent} has no finite value or derivative at base 0. "
              "Keep the base away from 0, for example by adding a small epsilon to it.",
        "zh": "底数为 0 时，0 ** {exponent} 的值或导数不是有限数。"
              "请让底数远离 0，例如给它加上一个很小的 epsilon。",
    },
    "autograd.overflow": {
        "en": "{expression} is too large for a float (overflow). Rescale the input: exp overflows above "
              "about 709.78, so subtract the maximum before exp, as a stable softmax does.",
        "zh": "{expression} 超出了浮点数的范围（溢出）。请缩放输入：exp 的输入大于约 709.78 就会溢出，"
              "所以要像稳定的 softmax 那样，先减去最大值再取 exp。",
    },
    # --- toy ------------------------------------------------------------
    "toy.bad_count": {
        "en": "{name} must be a positive integer, got {value}.",
        "zh": "{name} 必须是正整数，但收到的是 {value}。",
    },
    # --- generate_widget --------------------------------------------------
    "generate_widget.prompt": {"en": "prompt", "zh": "提示"},
    "generate_widget.temperature": {"en": "temperature (0 = greedy)", "zh": "温度（0 = 贪心）"},
    "generate_widget.top_k": {"en": "top-k (0 = off)", "zh": "top-k（0 = 不限）"},
    "generate_widget.top_p": {"en": "top-p (1 = off)", "zh": "top-p（1 = 不限）"},
    "generate_widget.max_new_tokens": {"en": "new tokens", "zh": "生成词元数"},
    "generate_widget.seed": {"en": "seed", "zh": "随机种子"},
    "generate_widget.generate": {"en": "Generate", "zh": "生成"},
    "generate_widget.error": {
        "en": "Could not generate: {error}",
        "zh": "无法生成：{error}",
    },
    # --- text (input checks) ----------------------------------------------
    "text.list_not_text": {
        "en": "Expected text (str), got the {kind} {value}. Pass one string at a time, "
              "for example [tokenize(line) for line in lines], or join tokens into one text with \" \".join(tokens).",
        "zh": "需要文本（str），但收到的是 {kind} {value}。请一次只传入一个字符串，"
              "例如 [tokenize(line) for line in lines]；或用 \" \".join(tokens) 把词元拼成一段文本。",
    },
    "text.none_tokens": {
        "en": "Got None where {argument} (a list of token strings) was expected. Check that the variable was assigned, "
              "and that the function that produced it returns its result.",
        "zh": "此处的 {argument} 应当是由词元字符串组成的列表，但收到的是 None。"
              "请检查该变量是否已赋值，以及生成它的函数是否返回了结果。",
    },
    "text.tokens_are_bytes": {
        "en": "Expected {argument} as a list of token strings, got {kind} {value}. "
              "Decode it first with .decode(\"utf-8\"), then tokenize the text.",
        "zh": "{argument} 应当是由词元字符串组成的列表，但收到的是 {kind} {value}。"
              "请先用 .decode(\"utf-8\") 解码，再对文本分词。",
    },
    "text.tokens_not_iterable": {
        "en": "Expected {argument} as a list of token strings, got the {kind} {value}, which is not iterable. "
              "Pass the tokens as a list, for example the result of tokenize(text).",
        "zh": "{argument} 应当是由词元字符串组成的列表，但收到的是 {kind} {value}，它不可迭代。"
              "请以列表形式传入词元，例如 tokenize(text) 的结果。",
    },
    "text.vocab_size_not_int": {
        "en": "vocab_size must be an integer of at least {minimum} (one token per byte value plus one per merge), "
              "got the {kind} {value}. Pass a whole number such as 1000.",
        "zh": "vocab_size 必须是不小于 {minimum} 的整数（每个字节值一个词元，每次合并再加一个），"
              "但收到的是 {kind} {value}。请传入一个整数，例如 1000。",
    },
}

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>LandSupervision</name>
        <message>
            <location filename="../core/config.py" />
            <source>Configuration file not found: {path}</source>
            <translation>找不到配置文件：{path}</translation>
        </message>
        <message>
            <location filename="../core/config.py" />
            <source>{path} is a folder, not a file</source>
            <translation>{path} 是文件夹，不是文件</translation>
        </message>
        <message>
            <location filename="../core/config.py" />
            <source>{path} is not UTF-8 text ({reason} at byte {start}); save it as UTF-8</source>
            <translation>{path} 不是 UTF-8 文本（第 {start} 字节：{reason}）；请另存为 UTF-8</translation>
        </message>
        <message>
            <location filename="../core/config.py" />
            <source>Cannot read the configuration file {path}: {detail}</source>
            <translation>无法读取配置文件 {path}：{detail}</translation>
        </message>
        <message>
            <location filename="../core/fields.py" />
            <source>Layer '{layer}' has no {field} field; accepted names: {names}.</source>
            <translation>图层“{layer}”中没有{field}字段；可识别的字段名：{names}。</translation>
        </message>
        <message>
            <location filename="../core/fields.py" />
            <source>Field {cut!r} in {layer} taken as {full!r} (a shapefile field name cut at {bytes} bytes); choose the field under Advanced Parameters if that is wrong.</source>
            <translation>{layer} 的字段 {cut!r} 视为 {full!r}（shapefile 字段名在 {bytes} 字节处被截断）；如不对，请在“高级参数”中选择字段。</translation>
        </message>
        <message>
            <location filename="../core/fields.py" />
            <source>{layer}: no {field} field; {field} derived from {source!r} through the code table.</source>
            <translation>{layer}：没有 {field} 字段；{field} 已按代码表由 {source!r} 推得。</translation>
        </message>
        <message>
            <location filename="../core/idle.py" />
            <source>The ratio {value!r} is not a number or a fraction such as 1/3.</source>
            <translation>比例 {value!r} 不是数字，也不是 1/3 这样的分数。</translation>
        </message>
        <message>
            <location filename="../core/idle.py" />
            <source>The ratio {value!r} must be above 0 and at most 1.</source>
            <translation>比例 {value!r} 必须大于 0 且不超过 1。</translation>
        </message>
        <message>
            <location filename="../core/idle.py" />
            <source>Settings {table}: unknown cause type {kind!r}; use one of {allowed}.</source>
            <translation>设置 {table}：未知的闲置原因类型 {kind!r}；可用：{allowed}。</translation>
        </message>
        <message>
            <location filename="../core/idle.py" />
            <source>Settings {table}, entry {key}: {value!r} is not one of {allowed}.</source>
            <translation>设置 {table}，条目 {key}：{value!r} 不是可选值之一（{allowed}）。</translation>
        </message>
        <message>
            <location filename="../core/idle.py" />
            <source>Settings {table}, entry {key}: {value!r} is not a cause type.</source>
            <translation>设置 {table}，条目 {key}：{value!r} 不是闲置原因类型。</translation>
        </message>
        <message>
            <location filename="../core/idle.py" />
            <source>idle.json: recovery_years must not be below fee_years</source>
            <translation>闲置土地设置：无偿收回年限不得小于征缴闲置费年限。</translation>
        </message>
        <message>
            <location filename="../core/ledger/milestones.py" />
            <source>Ledger template {path}: every milestone needs a key and a header_zh.</source>
            <translation>台账模板 {path}：每个节点都需要 key 和 header_zh。</translation>
        </message>
        <message>
            <location filename="../core/ledger/milestones.py" />
            <source>Ledger template {path}, milestone {key}: offset_days must be a whole number of days, 0 or more.</source>
            <translation>台账模板 {path}，节点 {key}：offset_days 必须是不小于 0 的整天数。</translation>
        </message>
        <message>
            <location filename="../core/ledger/milestones.py" />
            <source>Ledger template {path}: milestone keys used twice.</source>
            <translation>台账模板 {path}：节点键重复。</translation>
        </message>
        <message>
            <location filename="../core/ledger/model.py" />
            <source>The layer lacks fields the ledger template {template} needs: {names}.</source>
            <translation>图层缺少台账模板“{template}”所需的字段：{names}。</translation>
        </message>
        <message>
            <location filename="../core/ledger/model.py" />
            <source>The layer lacks fields the ledger template {template} needs: {names}. Choose another template, or {generic}, which exports any layer.</source>
            <translation>图层缺少台账模板“{template}”所需的字段：{names}。请另选模板，或选择可导出任何图层的“{generic}”。</translation>
        </message>
        <message>
            <location filename="../core/ledger/model.py" />
            <source>The responsibility table has no village code field; accepted names: {names}.</source>
            <translation>田长责任表中没有村级代码字段；可识别的字段名：{names}。</translation>
        </message>
        <message>
            <location filename="../core/ledger/model.py" />
            <source>{column}: {count} values could not be read as {kind} and were kept as text.</source>
            <translation>{column}：{count} 个值无法按 {kind} 类型读取，已按文本保留。</translation>
        </message>
        <message>
            <location filename="../core/ledger/model.py" />
            <source>{count} village codes were not found in the responsibility table.</source>
            <translation>{count} 个村级代码在田长责任表中未找到。</translation>
        </message>
        <message>
            <location filename="../core/ledger/model.py" />
            <source>{count} village codes appear more than once in the responsibility table ({codes}); the last row of each is used: keep one row per village.</source>
            <translation>{count} 个村级代码在田长责任表中出现多次（{codes}）；各取最后一行：请每村只保留一行。</translation>
        </message>
        <message>
            <location filename="../core/ledger/template.py" />
            <source>Unknown ledger template '{template}': give one of {ids} or the path of a template .json file.</source>
            <translation>未知的台账模板“{template}”：请选择 {ids} 之一，或给出模板 .json 文件的路径。</translation>
        </message>
        <message>
            <location filename="../core/ledger/template.py" />
            <source>Ledger template {path}: it extends {base!r}, which is not another shipped template.</source>
            <translation>台账模板 {path}：所扩展的 {base!r} 不是插件自带的另一个模板。</translation>
        </message>
        <message>
            <location filename="../core/ledger/template.py" />
            <source>Ledger template {path}: the entry {key} is missing.</source>
            <translation>台账模板 {path}：缺少条目 {key}。</translation>
        </message>
        <message>
            <location filename="../core/ledger/template.py" />
            <source>Ledger template {path}, column {key}: unknown type {kind!r}; use one of {allowed}.</source>
            <translation>台账模板 {path}，列 {key}：未知类型 {kind!r}；可用：{allowed}。</translation>
        </message>
        <message>
            <location filename="../core/ledger/template.py" />
            <source>Ledger template {path}, column {key}: unknown unit {unit!r}; use m2, ha or mu.</source>
            <translation>台账模板 {path}，列 {key}：未知单位 {unit!r}；可用 m2、ha 或 mu。</translation>
        </message>
        <message>
            <location filename="../core/ledger/template.py" />
            <source>Ledger template {path}, column {key}: a column of type {kind!r} cannot be editable; editable types: {allowed}.</source>
            <translation>台账模板 {path}，列 {key}：{kind!r} 类型的列不能设为可填写；可填写的类型：{allowed}。</translation>
        </message>
        <message>
            <location filename="../core/ledger/template.py" />
            <source>Ledger template {path}, column {key}: unknown level {level!r}; use one of {allowed}.</source>
            <translation>台账模板 {path}，列 {key}：未知级别 {level!r}；可用 {allowed}。</translation>
        </message>
        <message>
            <location filename="../core/ledger/template.py" />
            <source>Ledger template {path}, column {key}: the choices must be a list of words.</source>
            <translation>台账模板 {path}，列 {key}：下拉选项必须是词语列表。</translation>
        </message>
        <message>
            <location filename="../core/ledger/template.py" />
            <source>Ledger template {path}: milestones count back from the deadline; set deadline.date.</source>
            <translation>台账模板 {path}：节点从整改时限倒推，请设置 deadline.date。</translation>
        </message>
        <message>
            <location filename="../core/ledger/template.py" />
            <source>Ledger template {path}: a rectification template needs the entry closable (the analysis rule that suggests closing an item).</source>
            <translation>台账模板 {path}：整改台账模板需要条目 closable（提示具备销号条件的分析规则）。</translation>
        </message>
        <message>
            <location filename="../core/ledger/template.py" />
            <source>Ledger template {path}: column keys used twice: {keys}.</source>
            <translation>台账模板 {path}：列键重复：{keys}。</translation>
        </message>
        <message>
            <location filename="../core/ledger/template.py" />
            <source>Ledger template {path}: the summary names the column {key!r}, which the template does not have.</source>
            <translation>台账模板 {path}：汇总引用的列 {key!r} 在模板中不存在。</translation>
        </message>
        <message>
            <location filename="../core/ledger/template.py" />
            <source>Ledger template {path}: the summary area {key!r} is not an area column.</source>
            <translation>台账模板 {path}：汇总面积 {key!r} 不是面积列。</translation>
        </message>
        <message>
            <location filename="../core/ledger/template.py" />
            <source>Ledger template {path}: deadline.{role} names an unknown column {key!r}.</source>
            <translation>台账模板 {path}：deadline.{role} 引用了不存在的列 {key!r}。</translation>
        </message>
        <message>
            <location filename="../core/ledger/template.py" />
            <source>Ledger template {path}: more than one column has the role {role!r}.</source>
            <translation>台账模板 {path}：有多个列的角色为 {role!r}。</translation>
        </message>
        <message>
            <location filename="../core/ledger/template.py" />
            <source>Ledger template {path}: closure.{role} names an unknown column {key!r}.</source>
            <translation>台账模板 {path}：closure.{role} 引用了不存在的列 {key!r}。</translation>
        </message>
        <message>
            <location filename="../core/ledger/template.py" />
            <source>Ledger template {path}: closable names an unknown column {key!r}.</source>
            <translation>台账模板 {path}：closable 引用了不存在的列 {key!r}。</translation>
        </message>
        <message>
            <location filename="../core/ledger/writer.py" />
            <source>{count} cells held characters an .xlsx file cannot store (control characters, U+FFFE, U+FFFF or lone surrogates); they were removed.</source>
            <translation>{count} 个单元格含有 .xlsx 文件无法保存的字符（控制字符、U+FFFE、U+FFFF 或孤立代理项），已删除这些字符。</translation>
        </message>
        <message>
            <location filename="../core/ledger/writer.py" />
            <source>{count} cells were longer than Excel's {limit} characters and were cut to that length.</source>
            <translation>{count} 个单元格超过 Excel 的 {limit} 个字符上限，已截断。</translation>
        </message>
        <message>
            <location filename="../core/ledger/writer.py" />
            <location filename="../core/letters_docx.py" />
            <source>The folder {folder} does not exist.</source>
            <translation>文件夹 {folder} 不存在。</translation>
        </message>
        <message>
            <location filename="../core/ledger/writer.py" />
            <source>{path} is a folder, not a file name.</source>
            <translation>{path} 是文件夹，不是文件名。</translation>
        </message>
        <message>
            <location filename="../core/ledger/writer.py" />
            <source>{path} already exists; choose another file name or tick Replace an existing file.</source>
            <translation>{path} 已存在；请另选文件名，或勾选“覆盖已有文件”。</translation>
        </message>
        <message>
            <location filename="../core/ledger/writer.py" />
            <location filename="../core/letters_docx.py" />
            <source>The folder {folder} is not writable.</source>
            <translation>文件夹 {folder} 不可写入。</translation>
        </message>
        <message>
            <location filename="../core/ledger/writer.py" />
            <source>Could not write {path}: {detail}. If the file is open in Excel or WPS, close it and try again.</source>
            <translation>无法写入 {path}：{detail}。如果该文件已在 Excel 或 WPS 中打开，请关闭后重试。</translation>
        </message>
        <message>
            <location filename="../core/letters.py" />
            <source>Letter wording {path}: the entry {key} is missing.</source>
            <translation>函件文字 {path}：缺少条目 {key}。</translation>
        </message>
        <message>
            <location filename="../core/letters.py" />
            <source>Letter wording {path}: table_headers needs 7 headers ({headers}).</source>
            <translation>函件文字 {path}：table_headers 需要 7 个表头（{headers}）。</translation>
        </message>
        <message>
            <location filename="../core/letters.py" />
            <source>Letter wording {path}, entry {key}: the braces do not pair up ({detail}).</source>
            <translation>函件文字 {path}，条目 {key}：花括号不成对（{detail}）。</translation>
        </message>
        <message>
            <location filename="../core/letters.py" />
            <source>Letter wording {path}, entry {key}: unknown placeholder {{{name}}}; known: {known}.</source>
            <translation>函件文字 {path}，条目 {key}：未知的占位符 {{{name}}}；可用：{known}。</translation>
        </message>
        <message>
            <location filename="../core/letters_docx.py" />
            <source>{count} letters already exist in {folder} (e.g. {file}); choose another folder or allow replacing them.</source>
            <translation>{folder} 中已有 {count} 份函件（如 {file}）；请另选文件夹，或允许覆盖。</translation>
        </message>
        <message>
            <location filename="../core/letters_docx.py" />
            <source>Could not write the letters in {folder}: {reason}. If a letter is open in Word or WPS, close it and try again.</source>
            <translation>无法在 {folder} 中写入函件：{reason}。如有函件正在 Word 或 WPS 中打开，请关闭后重试。</translation>
        </message>
        <message>
            <location filename="../core/mines.py" />
            <source>Settings {table}, entry {key}: a table of codes is needed.</source>
            <translation>设置 {table}，条目 {key}：需要一个代码表。</translation>
        </message>
        <message>
            <location filename="../core/mines.py" />
            <source>Settings {table}, entry {key}: {value!r} means two different codes.</source>
            <translation>设置 {table}，条目 {key}：{value!r} 同时对应两个不同的代码。</translation>
        </message>
        <message>
            <location filename="../core/mines.py" />
            <source>Mine restoration rules, entry {key}: {value!r} must be empty or a share between 0 and 1.</source>
            <translation>矿山修复规则，条目 {key}：{value!r} 必须为空或 0 到 1 之间的比例。</translation>
        </message>
        <message>
            <location filename="../core/mines.py" />
            <source>Mine restoration rules: the entry {key} is missing.</source>
            <translation>矿山修复规则：缺少条目 {key}。</translation>
        </message>
        <message>
            <location filename="../core/mines.py" />
            <source>Mine restoration rules, entry {key}: a table of rules is needed.</source>
            <translation>矿山修复规则，条目 {key}：需要一组规则。</translation>
        </message>
        <message>
            <location filename="../core/mines.py" />
            <source>Mine restoration rules, entry {key}: must be empty or a list of land-class code prefixes.</source>
            <translation>矿山修复规则，条目 {key}：必须为空或地类编码前缀列表。</translation>
        </message>
        <message>
            <location filename="../core/mines.py" />
            <source>Mine restoration rules, entry {key}: the labels of {missing} are missing.</source>
            <translation>矿山修复规则，条目 {key}：缺少 {missing} 的名称。</translation>
        </message>
        <message>
            <location filename="../core/mines.py" />
            <source>Mine restoration rules, entry {key}: unknown statuses {unknown}; use {allowed}.</source>
            <translation>矿山修复规则，条目 {key}：未知状态 {unknown}；可用：{allowed}。</translation>
        </message>
        <message>
            <location filename="../dialogs/boxes.py" />
            <source>OK</source>
            <translation>确定</translation>
        </message>
        <message>
            <location filename="../dialogs/boxes.py" />
            <location filename="../dialogs/import_dialog.py" />
            <location filename="../dialogs/settings_dialog.py" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <source>Import returned ledgers (台账回执导入)</source>
            <translation>台账回执导入</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <location filename="../dialogs/ledger_dialog.py" />
            <source>Ledger store (*.gpkg)</source>
            <translation>台账库 (*.gpkg)</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <location filename="../dialogs/ledger_dialog.py" />
            <location filename="../processing/export_ledger.py" />
            <source>Ledger store (台账库)</source>
            <translation>台账库</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <location filename="../dialogs/ledger_dialog.py" />
            <location filename="../processing/export_ledger.py" />
            <source>Excel workbook (*.xlsx)</source>
            <translation>Excel 工作簿 (*.xlsx)</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <source>Returned ledgers</source>
            <translation>回执台账</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <location filename="../processing/import_ledger.py" />
            <source>Settle conflicts by file order (the later file wins)</source>
            <translation>按文件顺序解决冲突（后面的文件优先）</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <source>All outcomes</source>
            <translation>全部结果</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <location filename="../processing/import_ledger.py" />
            <source>applied</source>
            <translation>已采纳</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <location filename="../processing/import_ledger.py" />
            <source>rejected</source>
            <translation>已拒绝</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <location filename="../processing/import_ledger.py" />
            <source>conflict</source>
            <translation>冲突</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <location filename="../processing/import_ledger.py" />
            <source>new row</source>
            <translation>新增行</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <location filename="../processing/import_ledger.py" />
            <source>missing row</source>
            <translation>缺失行</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <source>Show</source>
            <translation>显示</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <source>Choose the store and the returned files, then preview. A ledger can come back when it was exported (导出整改台账 in the Processing Toolbox) with this ledger store.</source>
            <translation>请选择台账库和回执文件，然后预览。用该台账库导出（数据处理工具箱中的“导出整改台账”）的台账才能回收导入。</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <source>Preview changes</source>
            <translation>预览变更</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <source>Import</source>
            <translation>导入</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <location filename="../dialogs/ledger_dialog.py" />
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <source>Choose the ledger store and at least one returned file.</source>
            <translation>请选择台账库和至少一个回执文件。</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <source>{0} applied, {1} rejected, {2} conflicts, {3} new rows, {4} missing rows</source>
            <translation>采纳 {0} 项，拒绝 {1} 项，冲突 {2} 项，新增行 {3} 个，缺失行 {4} 个</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <source>Imported: {0}.</source>
            <translation>已导入：{0}。</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <source>Preview (nothing changed yet): {0}.</source>
            <translation>预览（尚未修改台账库）：{0}。</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <source>Import cancelled: the store was not changed.</source>
            <translation>导入已取消：台账库未作任何修改。</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <source>Import failed: {0}</source>
            <translation>导入失败：{0}</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <location filename="../dialogs/ledger_dialog.py" />
            <source>see the Processing log</source>
            <translation>详见处理工具日志</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <source>Outcome</source>
            <translation>结果</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <source>Item key</source>
            <translation>台账项键</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <source>Column</source>
            <translation>列</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <source>Old value</source>
            <translation>原值</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <source>New value</source>
            <translation>新值</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <source>Reason</source>
            <translation>原因</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <source>Sheet</source>
            <translation>工作表</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <source>Row</source>
            <translation>行</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <source>Ledger import changes</source>
            <translation>台账回执导入变更</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <source>Show change table</source>
            <translation>查看变更表</translation>
        </message>
        <message>
            <location filename="../dialogs/import_dialog.py" />
            <source>Returned ledgers imported: {0}.</source>
            <translation>回执台账已导入：{0}。</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <source>Export rectification ledger</source>
            <translation>导出整改台账</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <source>Selected features only</source>
            <translation>仅导出所选要素</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <source>Layer</source>
            <translation>图层</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <source>Template</source>
            <translation>台账模板</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <location filename="../processing/export_ledger.py" />
            <source>County</source>
            <translation>县级</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <location filename="../processing/export_ledger.py" />
            <source>County and township</source>
            <translation>县级和乡级</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <location filename="../processing/export_ledger.py" />
            <source>Summary levels</source>
            <translation>汇总层级</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <location filename="../processing/export_atlas.py" />
            <location filename="../processing/export_ledger.py" />
            <source>Title</source>
            <translation>标题</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <location filename="../processing/export_ledger.py" />
            <source>Reporting unit (填报单位)</source>
            <translation>填报单位</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <location filename="../processing/idle_land.py" />
            <source>As-of date</source>
            <translation>统计截止日</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <location filename="../dialogs/settings_dialog.py" />
            <location filename="../processing/export_ledger.py" />
            <location filename="../processing/ledger_items.py" />
            <source>Warning days (临期)</source>
            <translation>临期提醒天数</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <location filename="../dialogs/settings_dialog.py" />
            <source>Responsibility table (田长)</source>
            <translation>田长责任表</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <source>A GeoPackage, created when absent; empty = no round trip. With a store the workbook can come back: read the returns with 台账回执导入.</source>
            <translation>GeoPackage 文件，不存在时新建；留空 = 不做回执。选定台账库后，导出的台账可以回收：用“台账回执导入”读入各单位的回执。</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <source>The field identifying an item in the store. Empty = detected: 图斑编号, 任务编号, 电子监管号, BSM …</source>
            <translation>在台账库中识别台账项的字段。留空 = 自动识别：图斑编号、任务编号、电子监管号、BSM …</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <location filename="../processing/export_ledger.py" />
            <source>Item key field</source>
            <translation>台账项键字段</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <source>Output file</source>
            <translation>输出文件</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <source>Export</source>
            <translation>导出</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <source>Cancel export</source>
            <translation>取消导出</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <source>Preview (first {0} rows)</source>
            <translation>预览（前 {0} 行）</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <source>Choose a layer to export.</source>
            <translation>请选择要导出的图层。</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <source>{0} rows; the totals are in the workbook's summary sheet.</source>
            <translation>共 {0} 行；合计见工作簿的汇总表。</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <source>{0} rows</source>
            <translation>{0} 行</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <source>Totals: {0}</source>
            <translation>合计：{0}</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <source>; </source>
            <translation>；</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <source>Replace file?</source>
            <translation>覆盖文件？</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <source>Replace</source>
            <translation>替换</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <source>{0} already exists. Replace it?</source>
            <translation>{0} 已存在。是否覆盖？</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <source>Choose the output file.</source>
            <translation>请选择输出文件。</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <source>Export cancelled: nothing was written.</source>
            <translation>导出已取消，未写出任何文件。</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <source>Export failed: {0}</source>
            <translation>导出失败：{0}</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <source>Ledger written: {0} rows to &lt;a href="{1}"&gt;{2}&lt;/a&gt;</source>
            <translation>台账已写出：{0} 行，保存到 &lt;a href="{1}"&gt;{2}&lt;/a&gt;</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <source> The items are registered in the ledger store {0}; the returned workbooks are read with 台账回执导入.</source>
            <translation>台账项已登记到台账库 {0}；回执用“台账回执导入”读入。</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <source>The ledger has no rows (the layer or its selection is empty): &lt;a href="{0}"&gt;{1}&lt;/a&gt;</source>
            <translation>台账没有任何行（图层或所选要素为空）：&lt;a href="{0}"&gt;{1}&lt;/a&gt;</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <location filename="../dialogs/messages.py" />
            <location filename="../plugin.py" />
            <location filename="../processing/provider.py" />
            <source>Land Supervision</source>
            <translation>自然资源督察</translation>
        </message>
        <message>
            <location filename="../dialogs/ledger_dialog.py" />
            <source>Open</source>
            <translation>打开</translation>
        </message>
        <message>
            <location filename="../dialogs/sample_county.py" />
            <source>Sample county</source>
            <translation>示例县</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Ledger</source>
            <translation>整改台账</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Cultivated-land restoration</source>
            <translation>耕地恢复核查</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Outflow destination groups</source>
            <translation>耕地流出去向分组</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Outflow compliance</source>
            <translation>耕地流出合规核查</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Classification code table</source>
            <translation>保留/认定/恢复/置换代码表</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Idle land thresholds</source>
            <translation>闲置土地认定阈值</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Causes of idleness</source>
            <translation>闲置原因</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Mine restoration rules</source>
            <translation>矿山修复规则表</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Mine patch codes</source>
            <translation>矿山核查图斑代码表</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Damage types</source>
            <translation>损毁类型</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Closed mines (三到位)</source>
            <translation>关闭矿山（三到位）</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Land classes</source>
            <translation>地类代码表</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Reminders and atlas</source>
            <translation>催办函件与图册</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Region names</source>
            <translation>行政区名称</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Default reporting unit (填报单位)</source>
            <translation>默认填报单位</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Region names table (行政区名称)</source>
            <translation>行政区名称表</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Names by admin code</source>
            <translation>按行政区代码的名称</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <location filename="../processing/farmland_restoration.py" />
            <source>Completion threshold (share of the task area)</source>
            <translation>完成比例阈值（占任务面积的比例）</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Ratio tolerance</source>
            <translation>比例容差</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <location filename="../processing/farmland_restoration.py" />
            <source>Minimum piece area (m²)</source>
            <translation>碎片最小面积（平方米）</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <location filename="../processing/farmland_restoration.py" />
            <source>Sliver: share of the task below</source>
            <translation>碎片：占任务面积比例低于</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <location filename="../processing/farmland_restoration.py" />
            <source>Sliver: and share of the survey parcel below</source>
            <translation>碎片：且占调查图斑面积比例低于</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <location filename="../processing/farmland_restoration.py" />
            <source>Sliver: and mean width below (m)</source>
            <translation>碎片：且平均宽度低于(米)</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Minimum share of the task in basic farmland</source>
            <translation>位于永久基本农田的最小任务面积占比</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <location filename="../processing/farmland_restoration.py" />
            <source>Status from the net area (after field ridges)</source>
            <translation>按扣除田坎后的净面积判定状态</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Task area tolerance</source>
            <translation>任务面积容差</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Planting codes meaning uncultivated</source>
            <translation>表示未耕种的种植属性代码</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Status labels</source>
            <translation>状态名称</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Flag labels</source>
            <translation>标记名称</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Labels</source>
            <translation>名称</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <location filename="../processing/idle_land.py" />
            <source>What counts as started</source>
            <translation>动工开发认定标准</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <location filename="../processing/idle_land.py" />
            <source>When the agreed start date is missing</source>
            <translation>缺少约定动工日期时</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <location filename="../processing/idle_land.py" />
            <source>N months for a missing start date</source>
            <translation>推算动工日期的月数 N</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Not started: years after the start date</source>
            <translation>未动工：约定动工日期后满（年）</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <location filename="../processing/idle_land.py" />
            <source>Stalled: developed / due area below</source>
            <translation>中止开发：已开发面积/应开发面积低于</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <location filename="../processing/idle_land.py" />
            <source>Stalled: investment / total investment below</source>
            <translation>中止开发：已投资额/总投资额低于</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <location filename="../processing/idle_land.py" />
            <source>Stalled: suspended for at least (months)</source>
            <translation>中止开发：中止开发满（月）</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Idle fee rate (share of the price)</source>
            <translation>闲置费比例（占价款）</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Idle fee from (years)</source>
            <translation>征缴闲置费年限（满年）</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Free recovery from (years)</source>
            <translation>无偿收回年限（满年）</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Unknown cause counts as</source>
            <translation>原因不明时按</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Rules by restoration mode</source>
            <translation>各修复方式规则</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Minimum restored share</source>
            <translation>最小修复比例</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Maximum residual damage share</source>
            <translation>最大残留损毁比例</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Target land classes</source>
            <translation>目标地类</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Default target land classes</source>
            <translation>默认目标地类</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Residual damage classes</source>
            <translation>残留损毁地类</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Codes</source>
            <translation>代码</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Categories</source>
            <translation>类别</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Groups</source>
            <translation>分组</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Licence cancelled</source>
            <translation>证照注销</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Facilities dismantled</source>
            <translation>设施拆除</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Ecological restoration</source>
            <translation>生态修复</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>All three (三到位)</source>
            <translation>三到位</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Result values</source>
            <translation>结论取值</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Yes</source>
            <translation>是</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>No</source>
            <translation>否</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Unknown</source>
            <translation>待核实</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Values meaning yes</source>
            <translation>表示“是”的取值</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Values meaning no</source>
            <translation>表示“否”的取值</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Fields</source>
            <translation>字段</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Document number field</source>
            <translation>文号字段</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>A document number means yes</source>
            <translation>有文号即为“是”</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Building land classes</source>
            <translation>建筑地类</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Minimum building area (m²)</source>
            <translation>建筑最小面积（平方米）</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Restoration rule used</source>
            <translation>采用的修复规则</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Mining planning blocks</source>
            <translation>开采规划区块</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Values meaning active</source>
            <translation>表示有效的取值</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>In an active planning block</source>
            <translation>位于有效开采规划区块内</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>No survey cover</source>
            <translation>无调查覆盖</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>No geometry</source>
            <translation>无几何图形</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Separator</source>
            <translation>分隔符</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Evidence</source>
            <translation>佐证</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>No attributes</source>
            <translation>无属性</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Buildings left</source>
            <translation>仍有建筑</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>No buildings</source>
            <translation>无建筑</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>No threshold</source>
            <translation>未设阈值</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Damage type by damage unit</source>
            <translation>按图斑属性的损毁类型</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Damage units meaning pseudo-change</source>
            <translation>表示伪变化的图斑属性</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Patch subclasses meaning pseudo-change</source>
            <translation>表示伪变化的图斑小类</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Category of unknown codes</source>
            <translation>未识别代码的类别</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Category</source>
            <translation>类别</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Categories by code prefix</source>
            <translation>按代码前缀的类别</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Slope grades</source>
            <translation>坡度级别</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Values meaning ±0.00 reached</source>
            <translation>表示已达到 ±0.00 的取值</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Values meaning ±0.00 not reached</source>
            <translation>表示未达到 ±0.00 的取值</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Fee also in the recovery tier</source>
            <translation>无偿收回档也计闲置费</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Not started</source>
            <translation>未动工</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Stalled</source>
            <translation>中止开发</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Fee tier</source>
            <translation>征缴闲置费档</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Recovery tier</source>
            <translation>无偿收回档</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Below the fee years</source>
            <translation>未满征缴年限</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Government cause</source>
            <translation>政府原因</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Force majeure</source>
            <translation>不可抗力</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Non-construction land classes</source>
            <translation>非建设地类</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Bare land classes</source>
            <translation>裸地地类</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Monitoring types meaning construction</source>
            <translation>表示已建设的监测图斑类型</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Monitoring types meaning not started</source>
            <translation>表示未动工的监测图斑类型</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Monitoring patch fields</source>
            <translation>监测图斑字段</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Patch number</source>
            <translation>监测图斑编号</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Patch type</source>
            <translation>图斑类型</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Cause types</source>
            <translation>原因类型</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Enterprise cause</source>
            <translation>企业原因</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Keywords</source>
            <translation>关键词</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Art. 12 disposal options</source>
            <translation>第十二条处置方式</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Wetland classes</source>
            <translation>湿地地类</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Three major classes</source>
            <translation>三大类</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Cultivated land class</source>
            <translation>耕地地类</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Classes restorable to cultivated land</source>
            <translation>可恢复为耕地的地类</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Class prefixes</source>
            <translation>地类前缀</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Excluded classes</source>
            <translation>排除的地类</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Construction land classes</source>
            <translation>建设用地地类</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Synonyms</source>
            <translation>同义词</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Words</source>
            <translation>词语</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Patch class (TBDL)</source>
            <translation>图斑大类</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Patch subclass (TBXL)</source>
            <translation>图斑小类</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Mining method (KCFS)</source>
            <translation>开采方式</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Restoration record (HFZLQK)</source>
            <translation>恢复治理情况</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <location filename="../processing/mine_rehabilitation.py" />
            <source>Damage unit (TBSX)</source>
            <translation>图斑属性/损毁单元（TBSX）</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <location filename="../processing/mine_rehabilitation.py" />
            <source>Planned restoration mode (NXFFS)</source>
            <translation>拟修复方式（NXFFS）</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <location filename="../processing/mine_rehabilitation.py" />
            <source>Planned direction (NXFFX)</source>
            <translation>拟修复方向（NXFFX）</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Protected area type (BHDLX)</source>
            <translation>保护地类型</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Ecological problem (STWT)</source>
            <translation>生态问题</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <location filename="../processing/mine_rehabilitation.py" />
            <source>Acceptance status (YSZT)</source>
            <translation>验收状态（YSZT）</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Use the planned direction</source>
            <translation>采用拟修复方向</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Rule when the mode is missing</source>
            <translation>未填修复方式时的规则</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>In progress above this restored share</source>
            <translation>已恢复比例高于此值为修复中</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Refinement codes</source>
            <translation>图斑细化代码</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Status from the restoration record</source>
            <translation>按恢复治理情况的状态</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>The record wins over the survey</source>
            <translation>属性优先于调查</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Acceptance codes meaning accepted</source>
            <translation>表示已验收的验收状态代码</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Unrestored</source>
            <translation>未修复</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>In progress</source>
            <translation>修复中</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Restored</source>
            <translation>已恢复</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Accepted</source>
            <translation>已验收</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Statuses counted as completed</source>
            <translation>计为完成的状态</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Priority label</source>
            <translation>优先级名称</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Minimum overlap (m²)</source>
            <translation>最小重叠面积（平方米）</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Minimum survey cover</source>
            <translation>最小调查覆盖比例</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Partial survey cover</source>
            <translation>调查部分覆盖</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>In the red line</source>
            <translation>位于生态保护红线内</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>In permanent basic farmland</source>
            <translation>位于永久基本农田内</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Pseudo-change</source>
            <translation>伪变化</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Direction not recognised</source>
            <translation>拟修复方向未识别</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Recorded restored, survey damaged</source>
            <translation>属性已治理但调查未修复</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Accepted, survey damaged</source>
            <translation>已验收但调查未修复</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Survey ahead of the record</source>
            <translation>调查已修复但属性未治理</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Key</source>
            <translation>键</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Group of other classes</source>
            <translation>其他地类归入的分组</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Partly restored</source>
            <translation>部分恢复</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Not restored</source>
            <translation>未恢复</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Restored but not cultivated</source>
            <translation>恢复但未耕种</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Now an adjustable class</source>
            <translation>现为可调整地类</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Geometry repaired</source>
            <translation>几何已修复</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Task area mismatch</source>
            <translation>任务面积不符</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <location filename="../processing/farmland_outflow.py" />
            <source>Cover threshold (share of a patch approvals must cover)</source>
            <translation>覆盖阈值（批复须覆盖图斑的比例）</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Minimum overlap share of the patch</source>
            <translation>最小重叠比例（占图斑）</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Approval types and their values</source>
            <translation>批复类型及其取值</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Approval types that explain each kind of outflow</source>
            <translation>可说明各类流出的批复类型</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Term of temporary use (years)</source>
            <translation>临时用地期限（年）</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Share tolerance</source>
            <translation>比例容差</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Kinds of outflow by destination group</source>
            <translation>按去向分组划分的流出类型</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Kind of any other outflow</source>
            <translation>其他流出的类型</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Inflow that offsets the balance (三大类)</source>
            <translation>可抵进出平衡的流入来源（三大类）</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Problem types (问题类型)</source>
            <translation>问题类型</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Compliant</source>
            <translation>合规</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Suspected illegal occupation</source>
            <translation>疑似违法占用耕地</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Suspected violation</source>
            <translation>疑似违规</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Counted in the balance</source>
            <translation>纳入进出平衡</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Other</source>
            <translation>其他</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Conversion or expropriation approval</source>
            <translation>转用/征收批复</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Land supply</source>
            <translation>供地</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Temporary use</source>
            <translation>临时用地</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>督办函 when overdue by at least (days)</source>
            <translation>逾期达到此天数发督办函</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Atlas colours by deadline status</source>
            <translation>图册按期限状态的颜色</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Overdue (逾期)</source>
            <translation>逾期</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Due soon (临期)</source>
            <translation>临期</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Normal (正常)</source>
            <translation>正常</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Done (已完成)</source>
            <translation>已完成</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>No deadline (无期限)</source>
            <translation>无期限</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Atlas map margin (share of the item's extent)</source>
            <translation>图册地图边距（占图斑范围的比例）</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Partly compliant</source>
            <translation>部分合规</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>An item is 临期 when this many days or fewer are left before its deadline.</source>
            <translation>距完成期限的剩余天数不超过此值时为“临期”。</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>The 填报单位 printed in the title block of every ledger.</source>
            <translation>每份台账标题区中的填报单位。</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>A table keyed by the 12-digit village code with the 田长 of each level.</source>
            <translation>以 12 位村级代码为键、列出各级田长的表。</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>A table (CSV, Excel, GeoPackage, shapefile or DBF) with an admin code field (XZQDM, DM …) and a name field (XZQMC, MC …): it names the counties, townships and villages of summaries, ledgers and atlases, before the names in the data (ZLDWMC, XZQMC) and the names below.</source>
            <translation>含行政区代码字段（XZQDM、DM …）和名称字段（XZQMC、MC …）的表（CSV、Excel、GeoPackage、shapefile 或 DBF）：汇总表、台账和图册中的县、乡镇、村名称取自此表，优先于数据自带的名称（ZLDWMC、XZQMC）和下方的名称。</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>A task counts as restored when its ratio is at least the threshold less this tolerance (official and ellipsoidal areas differ slightly).</source>
            <translation>完成比例不低于阈值减去此容差即为已恢复（图斑面积与椭球面积略有差异）。</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Tasks whose own area differs from their map area by more than this share are flagged.</source>
            <translation>任务自身面积与图形面积相差超过此比例时标记。</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>A fraction such as 1/3 or a decimal.</source>
            <translation>可写分数（如 1/3）或小数。</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Which restoration rule judges 生态修复到位.</source>
            <translation>用哪一条修复规则判定“生态修复到位”。</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Building-class area below this (digitising slivers) is ignored.</source>
            <translation>小于此面积的建筑地类（数字化碎片）不计。</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>A restored share above this raises 未修复 to 修复中 (0 = any restored area).</source>
            <translation>已恢复比例高于此值时由“未修复”升为“修复中”（0 表示有任何已恢复面积即可）。</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Ticked: a patch keeps the status its record gives even when the survey shows no restored land (the survey may predate the works).</source>
            <translation>勾选时，即使调查中没有已修复地类，图斑也保留其属性给出的状态（调查可能早于工程）。</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>A patch covered by the survey below this share is flagged.</source>
            <translation>调查覆盖比例低于此值的图斑会被标记。</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Smaller overlaps (digitising slivers) do not count.</source>
            <translation>更小的重叠（数字化碎片）不计。</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Acceptance codes that mean 已验收.</source>
            <translation>表示“已验收”的验收状态代码。</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Statuses counted as completed in the completion rates.</source>
            <translation>计算完成率时计为完成的状态。</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Ticked: records in the recovery tier also get the idle fee.</source>
            <translation>勾选时，无偿收回档的记录也计算闲置费。</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>expected a number</source>
            <translation>应为数字</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Entry</source>
            <translation>条目</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Value</source>
            <translation>值</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Default</source>
            <translation>默认值</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>The saved settings have wrong entries; the defaults are used for them:</source>
            <translation>已保存的设置中有错误条目，以下条目改用默认值：</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>(default to review)</source>
            <translation>(默认值，请核对)</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Tables (*.csv *.xlsx *.gpkg *.shp *.dbf);;All files (*)</source>
            <translation>表格 (*.csv *.xlsx *.gpkg *.shp *.dbf);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>the file</source>
            <translation>文件</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>{0}: {1}</source>
            <translation>{0}：{1}</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Not saved: correct these entries:</source>
            <translation>未保存，请更正以下条目：</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Land Supervision settings</source>
            <translation>自然资源督察 设置</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Values are stored for your user in {0}; only entries that differ from the national defaults are saved. Algorithms use them as their defaults.</source>
            <translation>设置按用户保存在 {0}；只保存与国家默认值不同的条目。各分析算法以这些设置作为默认值。</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Restore defaults of this page</source>
            <translation>恢复本页默认值</translation>
        </message>
        <message>
            <location filename="../dialogs/settings_dialog.py" />
            <source>Settings not saved</source>
            <translation>设置未保存</translation>
        </message>
        <message>
            <location filename="../plugin.py" />
            <source>Land Supervision needs the Python packages {0}. {1} Then restart QGIS.</source>
            <translation>自然资源督察插件需要 Python 包 {0}。{1} 然后重启 QGIS。</translation>
        </message>
        <message>
            <location filename="../plugin.py" />
            <source>Without the Python package {0} the reminder and supervision letters cannot be written (everything else works). {1}</source>
            <translation>缺少 Python 包 {0}，无法生成提醒函/督办函（其他功能不受影响）。{1}</translation>
        </message>
        <message>
            <location filename="../plugin.py" />
            <source>Export rectification ledger…</source>
            <translation>导出整改台账…</translation>
        </message>
        <message>
            <location filename="../plugin.py" />
            <source>Import returned ledgers (台账回执导入)…</source>
            <translation>台账回执导入…</translation>
        </message>
        <message>
            <location filename="../plugin.py" />
            <source>Settings…</source>
            <translation>设置…</translation>
        </message>
        <message>
            <location filename="../plugin.py" />
            <source>Load the sample county</source>
            <translation>加载示例县</translation>
        </message>
        <message>
            <location filename="../plugin.py" />
            <source>Help</source>
            <translation>帮助</translation>
        </message>
        <message>
            <location filename="../plugin.py" />
            <source>The ledger dialog is not available: {0}</source>
            <translation>整改台账对话框不可用：{0}</translation>
        </message>
        <message>
            <location filename="../plugin.py" />
            <source>The sample county is missing: {0}</source>
            <translation>缺少示例县数据：{0}</translation>
        </message>
        <message>
            <location filename="../processing/base.py" />
            <source>{0}: {1}; choose another destination.</source>
            <translation>{0}：{1}；请另选输出位置。</translation>
        </message>
        <message>
            <location filename="../processing/base.py" />
            <source>{0} field</source>
            <translation>{0}字段</translation>
        </message>
        <message>
            <location filename="../processing/base.py" />
            <source>Left empty, the first of these fields found in the layer is used: {0}.</source>
            <translation>留空时，自动使用图层中最先找到的下列字段之一：{0}。</translation>
        </message>
        <message>
            <location filename="../processing/base.py" />
            <source>{0}: the layer has no geometry (a table); choose a polygon layer.</source>
            <translation>{0}：该图层没有几何图形（是一张表）；请选择面图层。</translation>
        </message>
        <message>
            <location filename="../processing/base.py" />
            <source>{0}: the layer has {1} geometries; choose a polygon layer.</source>
            <translation>{0}：该图层的几何类型为{1}；请选择面图层。</translation>
        </message>
        <message>
            <location filename="../processing/base.py" />
            <source>{0}: the layer has no features; check the layer, its filter or the selection.</source>
            <translation>{0}：该图层没有要素；请检查图层、其筛选条件或选择集。</translation>
        </message>
        <message>
            <location filename="../processing/base.py" />
            <source>Empty = today. In models and qgis_process also as text, e.g. 2024-06-30.</source>
            <translation>留空为今天。在模型和 qgis_process 中也可写成文字，如 2024-06-30。</translation>
        </message>
        <message>
            <location filename="../processing/base.py" />
            <location filename="../processing/export_atlas.py" />
            <location filename="../processing/export_ledger.py" />
            <location filename="../processing/farmland_restoration.py" />
            <location filename="../processing/idle_land.py" />
            <location filename="../processing/layers.py" />
            <location filename="../processing/ledger_letters.py" />
            <location filename="../processing/mine_rehabilitation.py" />
            <location filename="../processing/overlaps.py" />
            <location filename="../processing/pushdown.py" />
            <source>Cancelled: nothing was written.</source>
            <translation>已取消，未写出任何结果。</translation>
        </message>
        <message>
            <location filename="../processing/closed_mines.py" />
            <source>planning blocks</source>
            <translation>开采规划区块</translation>
        </message>
        <message>
            <location filename="../processing/closed_mines.py" />
            <source>Planning blocks have no status field ({0}): every block counts as active.</source>
            <translation>开采规划区块没有状态字段（{0}）：全部区块按有效计。</translation>
        </message>
        <message>
            <location filename="../processing/closed_mines.py" />
            <source>Closed mines: three requirements (三到位)</source>
            <translation>关闭矿山“三到位”核查</translation>
        </message>
        <message>
            <location filename="../processing/closed_mines.py" />
            <location filename="../processing/mine_rehabilitation.py" />
            <source>Mines</source>
            <translation>矿山</translation>
        </message>
        <message>
            <location filename="../processing/closed_mines.py" />
            <source>Checks each closed mine against the three requirements (三到位); each check is shown on its own, with its evidence.
证照注销到位: the mine's licence is recorded as cancelled (a cancellation document number counts when the status is empty).
设施拆除到位: facilities dismantled and power cut, and no mining buildings or works left in the latest land-use survey (DLTB).
生态修复到位: the restored share in the latest survey against the restoration rules (设置 ▸ 矿山修复规则表; the shipped thresholds, 80 % restored and at most 10 % residual damage, are defaults to review).
三到位 is 是 only when all three are 是, 否 when one is 否, otherwise 待核实. A closed mine that overlaps an active mining planning block is flagged.
The wording, the yes/no values and the building classes are set in 设置 ▸ 关闭矿山（三到位）.</source>
            <translation>逐个核查关闭矿山的“三到位”，每一项单独给出结论并附依据。
证照注销到位：矿山的证照登记为已注销（注销状态为空时，有注销文号也算）。
设施拆除到位：设施已拆除、已断电，且最新年度国土变更调查（DLTB）中不再有采矿的建筑或设施。
生态修复到位：按修复规则（设置 ▸ 矿山修复规则表）判断最新调查中的已修复比例；随插件提供的阈值（已修复不低于 80%、残留损毁不超过 10%）为待核对的默认值。
三项均为“是”时“三到位”为“是”，任一项为“否”时为“否”，其余为“待核实”。与有效的矿产资源规划开采区块重叠的关闭矿山会被标记。
文字、是/否取值和建筑地类在 设置 ▸ 关闭矿山（三到位） 中设定。</translation>
        </message>
        <message>
            <location filename="../processing/closed_mines.py" />
            <source>Closed mines (关闭矿山)</source>
            <translation>关闭矿山</translation>
        </message>
        <message>
            <location filename="../processing/closed_mines.py" />
            <location filename="../processing/mine_rehabilitation.py" />
            <source>Latest land-use survey DLTB (地类图斑)</source>
            <translation>最新国土变更调查地类图斑（DLTB）</translation>
        </message>
        <message>
            <location filename="../processing/closed_mines.py" />
            <source>Mining planning blocks (开采规划区块)</source>
            <translation>开采规划区块</translation>
        </message>
        <message>
            <location filename="../processing/closed_mines.py" />
            <location filename="../processing/mine_rehabilitation.py" />
            <source>Rule table (JSON)</source>
            <translation>规则表（JSON）</translation>
        </message>
        <message>
            <location filename="../processing/closed_mines.py" />
            <location filename="../processing/mine_rehabilitation.py" />
            <source>Empty = the rules of the plugin's settings (自然资源督察 ▸ 设置).</source>
            <translation>留空则使用插件设置中的规则（自然资源督察 ▸ 设置）。</translation>
        </message>
        <message>
            <location filename="../processing/closed_mines.py" />
            <source>Closed mines with 三到位 checks</source>
            <translation>关闭矿山三到位核查结果</translation>
        </message>
        <message>
            <location filename="../processing/closed_mines.py" />
            <source>Closed mines meeting all three requirements</source>
            <translation>三到位的关闭矿山数</translation>
        </message>
        <message>
            <location filename="../processing/closed_mines.py" />
            <source>closed_mine_checks.json: restore_mode '{0}' names no rule.</source>
            <translation>closed_mine_checks.json：restore_mode“{0}”没有对应的规则。</translation>
        </message>
        <message>
            <location filename="../processing/closed_mines.py" />
            <source>closed mines</source>
            <translation>关闭矿山</translation>
        </message>
        <message>
            <location filename="../processing/closed_mines.py" />
            <location filename="../processing/mine_rehabilitation.py" />
            <source>DLTB</source>
            <translation>地类图斑</translation>
        </message>
        <message>
            <location filename="../processing/closed_mines.py" />
            <source>{0}: {1} yes ({2} %), {3} no, {4} to verify.</source>
            <translation>{0}：是 {1} 个（{2} %），否 {3} 个，待核实 {4} 个。</translation>
        </message>
        <message>
            <location filename="../processing/closed_mines.py" />
            <source>{0} closed mines lie inside an active mining planning block.</source>
            <translation>有 {0} 个关闭矿山位于有效的开采规划区块内。</translation>
        </message>
        <message>
            <location filename="../processing/closed_mines.py" />
            <source>{0} unknown yes/no values kept and flagged:</source>
            <translation>{0} 个无法识别的是/否取值已保留并标记：</translation>
        </message>
        <message>
            <location filename="../processing/export_atlas.py" />
            <source>Verification atlas (核查图册, PDF)</source>
            <translation>生成核查图册</translation>
        </message>
        <message>
            <location filename="../processing/export_atlas.py" />
            <location filename="../processing/export_ledger.py" />
            <location filename="../processing/import_ledger.py" />
            <location filename="../processing/ledger_letters.py" />
            <source>Ledgers</source>
            <translation>整改台账</translation>
        </message>
        <message>
            <location filename="../processing/export_atlas.py" />
            <source>Writes a PDF atlas to take into the field and into meetings: for each group (the field chosen to group pages by; empty = the township of the admin code) an overview page with its items coloured by 期限状态 (逾期, 临期, 正常, 已完成, 无期限) and labelled with their 图斑编号, a legend and the counts; then one page per item with its map (scale bar, north arrow), its ledger fields and the coordinates of its centre (in the map's CRS and in CGCS2000 longitude/latitude).
Ledger items: any ledger layer with polygons (an analysis result, a ledger store's items); fields are found by the ledger names (整改时限/ZGSX/WCQX, 整改状态/ZGZT, 图斑编号/TBBH/RWBH …). Background layers are drawn under the items (e.g. the survey's DLTB). Groups are named from the region names table, then from the table and names in 设置 ▸ 行政区名称, then from the names the layer carries beside its codes (ZLDWMC, XZQMC), then from the names shipped with the plugin; a group without a name shows its code.
Built with a QGIS print layout and its atlas, so it runs in batch mode and models. An existing PDF is replaced only when 覆盖已有文件 is ticked.</source>
            <translation>生成外业核查和会商用的 PDF 图册：每个分组（按所选的分页字段；留空 = 按行政区代码分乡镇）一页总览，图斑按期限状态（逾期、临期、正常、已完成、无期限）着色并标注图斑编号，附图例和统计；随后每个图斑一页，含地图（比例尺、指北针）、台账字段和中心点坐标（地图坐标系及 CGCS2000 经纬度）。
台账图斑：任意含面要素的台账图层（分析结果、台账库图斑）；按台账字段名识别字段（整改时限/ZGSX/WCQX、整改状态/ZGZT、图斑编号/TBBH/RWBH 等）。背景图层绘制在图斑下方（如变更调查 DLTB）。分组名称依次取自：行政区名称表，设置 ▸ 行政区名称 中的对照表和名称，图层在代码旁自带的名称（ZLDWMC、XZQMC），插件自带的名称；没有名称的分组显示代码。
基于 QGIS 打印布局及其图集功能生成，可在批处理和模型中运行。仅在勾选“覆盖已有文件”时替换已有 PDF。</translation>
        </message>
        <message>
            <location filename="../processing/export_atlas.py" />
            <source>Ledger items (polygons)</source>
            <translation>台账图斑（面）</translation>
        </message>
        <message>
            <location filename="../processing/export_atlas.py" />
            <source>Background layers (e.g. the survey)</source>
            <translation>底图图层（如变更调查图斑）</translation>
        </message>
        <message>
            <location filename="../processing/export_atlas.py" />
            <source>Group pages by</source>
            <translation>分页依据</translation>
        </message>
        <message>
            <location filename="../processing/export_atlas.py" />
            <source>A field; empty = the township of the admin code.</source>
            <translation>一个字段；留空则按行政区代码分乡镇。</translation>
        </message>
        <message>
            <location filename="../processing/export_atlas.py" />
            <location filename="../processing/export_ledger.py" />
            <source>Replace an existing file</source>
            <translation>覆盖已有文件</translation>
        </message>
        <message>
            <location filename="../processing/export_atlas.py" />
            <source>Atlas PDF</source>
            <translation>核查图册 PDF</translation>
        </message>
        <message>
            <location filename="../processing/export_atlas.py" />
            <source>PDF file (*.pdf)</source>
            <translation>PDF 文件 (*.pdf)</translation>
        </message>
        <message>
            <location filename="../processing/export_atlas.py" />
            <source>Pages</source>
            <translation>页数</translation>
        </message>
        <message>
            <location filename="../processing/export_atlas.py" />
            <source>The input layer has no features: there is nothing to draw.</source>
            <translation>输入图层没有要素，无可制图内容。</translation>
        </message>
        <message>
            <location filename="../processing/export_atlas.py" />
            <source>{0} items have no geometry and get a page without a map: {1}</source>
            <translation>{0} 个图斑没有几何图形，其页面不含地图：{1}</translation>
        </message>
        <message>
            <location filename="../processing/export_atlas.py" />
            <source>{0} pages: {1} groups, {2} items.</source>
            <translation>共 {0} 页：{1} 个分组，{2} 个图斑。</translation>
        </message>
        <message>
            <location filename="../processing/export_atlas.py" />
            <source>The folder {0} does not exist.</source>
            <translation>文件夹 {0} 不存在。</translation>
        </message>
        <message>
            <location filename="../processing/export_atlas.py" />
            <source>{0} already exists; choose another name or allow replacing it.</source>
            <translation>{0} 已存在；请换一个文件名，或勾选覆盖。</translation>
        </message>
        <message>
            <location filename="../processing/export_atlas.py" />
            <source>Items</source>
            <translation>图斑</translation>
        </message>
        <message>
            <location filename="../processing/export_atlas.py" />
            <source>The atlas layer {0} could not be filled: {1}</source>
            <translation>图册图层 {0} 无法写入：{1}</translation>
        </message>
        <message>
            <location filename="../processing/export_atlas.py" />
            <source>The atlas could not be written to {0}: {1}</source>
            <translation>核查图册无法写入 {0}：{1}</translation>
        </message>
        <message>
            <location filename="../processing/export_ledger.py" />
            <source>Export rectification ledger (整改台账)</source>
            <translation>导出整改台账</translation>
        </message>
        <message>
            <location filename="../processing/export_ledger.py" />
            <source>Writes a layer, usually the result of an analysis, to a formatted Excel ledger (.xlsx): a title block (title, 填报单位, 填报日期, 面积单位：亩), a summary sheet by county in admin-code order with counts and areas by status and a 合计 row added up from the rounded cells, township sheets when asked, and the detail sheet 明细 (序号, frozen header, filters, landscape print fitted to the page width).
Ledger template: the ledger's columns; not selected, the template that best fits the layer's fields. Areas are converted from m² to 亩 and rounded half-up; where a field has its 亩 twin beside it (X_mu, as the summaries write), that is shown as it is, so the ledger adds up as the layer does.
Deadlines: the days left are the deadline minus the as-of date; 逾期 when negative, 临期 when no more than the warning days, 已完成 when the item is done.
Responsibility table: a table keyed by the 12-digit village code that fills 县级田长, 乡级田长, 村级田长 and 网格长.
Region names table: a table of region codes and names that names the regions (行政区名称) of the rows, the summary, the township sheets and the 进度 charts. Names come from this table first, then from the table and names in 设置 ▸ 行政区名称, then from the layer's own names, then from the names shipped with the plugin.
Only the selected features are exported when 仅选中的要素 is ticked under the layer; otherwise every feature. An existing file is replaced only when 覆盖已有文件 is ticked. The defaults of 填报单位 and the warning days are set in 设置 ▸ 整改台账.
Ledger store: a GeoPackage, created when it does not exist. The workbook then comes back: a hidden item key on every row, a hidden protected metadata sheet, the teams' columns unlocked and shaded with drop-downs and date checks; read the returns with 导入整改台账回执. The exported items are registered in the store; items already there keep the teams' values and get their analysis columns refreshed, with history (a re-verification on the next survey: 具备销号条件(疑似), never 销号). Item key field: the field identifying an item (empty: 图斑编号, 任务编号, 电子监管号, BSM … as found). Exporting the store's ledger items layer gives the current ledger with 最近更新 and 更新来源.
本周新增完成: with a store, the summary and 进度 sheets also show the items completed since the previous export (the latest with an earlier as-of date), by count and area, per region and per 责任单位.</source>
            <translation>把图层（通常是某项分析的结果）写成格式化的 Excel 台账（.xlsx）：标题区（标题、填报单位、填报日期、面积单位：亩），按县（行政区代码顺序）汇总各状态个数和面积、合计行由取整后的单元格相加的汇总表，需要时按乡镇分表，以及明细表“明细”（序号、冻结表头、筛选、横向打印并缩放到页宽）。
台账模板：台账的列；不选择时自动使用与图层字段最匹配的模板。面积由平方米换算为亩，四舍五入；字段旁有其亩值字段（X_mu，汇总图层均有）时直接采用该亩值，台账合计与图层一致。
期限：剩余天数 = 完成期限 − 期限统计截止日；为负时“逾期”，不超过临期提醒天数时“临期”，已完成的事项为“已完成”。
田长责任表：以 12 位村级代码为键的表，填入县级田长、乡级田长、村级田长和网格长。
行政区名称表：行政区代码与名称对照表，用于填写明细行、汇总表、乡镇分表和进度图表中的行政区名称。名称依次取自：本表，设置 ▸ 行政区名称 中的对照表和名称，图层自带的名称，插件自带的名称。
勾选图层下方的“仅选中的要素”时只导出所选要素，否则导出全部要素。只有勾选“覆盖已有文件”时才替换已有文件。填报单位和临期提醒天数的默认值在 设置 ▸ 整改台账 中设定。
台账库：台账库 GeoPackage，不存在时新建。此时导出的工作簿可回收导入：每行带隐藏的台账项键，另有隐藏且受保护的元数据表；各单位填报的列解除锁定并加底色，枚举列有下拉列表，日期列有日期校验；回执用“导入整改台账回执”读入。导出的台账项登记到台账库；已在库中的台账项保留各单位填报的值，只更新分析列并记录历史（按下一年度调查复核时给出“具备销号条件(疑似)”，绝不直接销号）。台账项键字段：标识台账项的字段（留空则自动识别：图斑编号、任务编号、电子监管号、BSM …）。导出台账库的台账项图层即得到当前台账，并附“最近更新”和“更新来源”列。
本周新增完成：指定台账库时，汇总表和进度表还列出较上次导出（截止日期早于本次的最近一次导出）新增完成的图斑数量和面积，按行政区和责任单位统计。</translation>
        </message>
        <message>
            <location filename="../processing/export_ledger.py" />
            <source>Layer to export</source>
            <translation>要导出的图层</translation>
        </message>
        <message>
            <location filename="../processing/export_ledger.py" />
            <source>Ledger template</source>
            <translation>台账模板</translation>
        </message>
        <message>
            <location filename="../processing/export_ledger.py" />
            <source>Not selected: the template that best fits the layer's fields. Models and qgis_process may also give a template id ({0}) or the path of a template .json file.</source>
            <translation>不选择时，自动使用与图层字段最匹配的模板。在模型和 qgis_process 中也可给出模板编号（{0}）或模板 .json 文件的路径。</translation>
        </message>
        <message>
            <location filename="../processing/export_ledger.py" />
            <source>Empty = the template's title.</source>
            <translation>留空则使用模板的标题。</translation>
        </message>
        <message>
            <location filename="../processing/export_ledger.py" />
            <location filename="../processing/ledger_items.py" />
            <source>As-of date for deadlines</source>
            <translation>期限统计截止日</translation>
        </message>
        <message>
            <location filename="../processing/export_ledger.py" />
            <location filename="../processing/ledger_items.py" />
            <source>临期 when this many days or fewer are left before the deadline.</source>
            <translation>距完成期限的剩余天数不超过此值时为“临期”。</translation>
        </message>
        <message>
            <location filename="../processing/export_ledger.py" />
            <source>Responsibility table (田长, keyed by village code)</source>
            <translation>田长责任表（以村级代码为键）</translation>
        </message>
        <message>
            <location filename="../processing/export_ledger.py" />
            <source>Settings: the responsibility table {0} no longer exists.</source>
            <translation>设置：责任人表 {0} 已不存在。</translation>
        </message>
        <message>
            <location filename="../processing/export_ledger.py" />
            <source>A GeoPackage, created when absent; empty = no round trip.</source>
            <translation>GeoPackage 文件，不存在时新建；留空则不回收导入。</translation>
        </message>
        <message>
            <location filename="../processing/export_ledger.py" />
            <source>Empty = detected: 图斑编号, 任务编号, 电子监管号, BSM …</source>
            <translation>留空则自动识别：图斑编号、任务编号、电子监管号、BSM …</translation>
        </message>
        <message>
            <location filename="../processing/export_ledger.py" />
            <source>Ledger workbook</source>
            <translation>台账工作簿</translation>
        </message>
        <message>
            <location filename="../processing/export_ledger.py" />
            <source>Rows written</source>
            <translation>写出行数</translation>
        </message>
        <message>
            <location filename="../processing/export_ledger.py" />
            <source>Template used</source>
            <translation>所用模板</translation>
        </message>
        <message>
            <location filename="../processing/export_ledger.py" />
            <source>The ledger could not be written: {0}</source>
            <translation>无法写出台账：{0}</translation>
        </message>
        <message>
            <location filename="../processing/export_ledger.py" />
            <source>Reading features</source>
            <translation>正在读取要素</translation>
        </message>
        <message>
            <location filename="../processing/export_ledger.py" />
            <location filename="../processing/ledger_items.py" />
            <source>input</source>
            <translation>输入图层</translation>
        </message>
        <message>
            <location filename="../processing/export_ledger.py" />
            <source>The responsibility table in the settings ({0}) no longer exists: the 田长 columns stay empty. Choose the table again in the settings or in RESPONSIBILITY.</source>
            <translation>设置中的责任人表（{0}）已不存在：田长各列留空。请在设置或“责任人表”参数中重新选择。</translation>
        </message>
        <message>
            <location filename="../processing/export_ledger.py" />
            <source>responsibility table</source>
            <translation>田长责任表</translation>
        </message>
        <message>
            <location filename="../processing/export_ledger.py" />
            <source>Building the ledger</source>
            <translation>正在生成台账</translation>
        </message>
        <message>
            <location filename="../processing/export_ledger.py" />
            <source>Writing the workbook</source>
            <translation>正在写出工作簿</translation>
        </message>
        <message>
            <location filename="../processing/export_ledger.py" />
            <source>{0}: {1} rows, sheets {2}.</source>
            <translation>{0}：{1} 行，工作表 {2}。</translation>
        </message>
        <message>
            <location filename="../processing/export_ledger.py" />
            <source>Registering the items in the ledger store</source>
            <translation>正在将台账项登记到台账库</translation>
        </message>
        <message>
            <location filename="../processing/export_ledger.py" />
            <source>exportledger: {0}</source>
            <translation>导出台账：{0}</translation>
        </message>
        <message>
            <location filename="../processing/export_ledger.py" />
            <source>Template chosen from the layer's fields: {0}</source>
            <translation>根据图层字段选用的模板：{0}</translation>
        </message>
        <message>
            <location filename="../processing/farmland_balance.py" />
            <source>Survey T−1</source>
            <translation>T−1 年调查</translation>
        </message>
        <message>
            <location filename="../processing/farmland_balance.py" />
            <source>Survey T</source>
            <translation>T 年调查</translation>
        </message>
        <message>
            <location filename="../processing/farmland_balance.py" />
            <source>{0}: no location code field (ZLDWDM) to group by region.</source>
            <translation>{0}：没有坐落单位代码字段（ZLDWDM），无法按行政区汇总。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_balance.py" />
            <source>county</source>
            <translation>县级</translation>
        </message>
        <message>
            <location filename="../processing/farmland_balance.py" />
            <source>township</source>
            <translation>乡镇级</translation>
        </message>
        <message>
            <location filename="../processing/farmland_balance.py" />
            <source>village</source>
            <translation>村级</translation>
        </message>
        <message>
            <location filename="../processing/farmland_balance.py" />
            <source>Cultivated-land entry-exit balance (耕地进出平衡/净减少分析)</source>
            <translation>耕地进出平衡/净减少分析</translation>
        </message>
        <message>
            <location filename="../processing/farmland_balance.py" />
            <location filename="../processing/farmland_classification.py" />
            <location filename="../processing/farmland_outflow.py" />
            <location filename="../processing/farmland_restoration.py" />
            <source>Cultivated land</source>
            <translation>耕地保护</translation>
        </message>
        <message>
            <location filename="../processing/farmland_balance.py" />
            <source>Compares the land-use survey (DLTB) of year T−1 with that of year T. Outflow is land that was cultivated land (耕地) before and is not after; inflow the reverse. Areas are the parcels' official areas shared out by planar area: outflow at the earlier survey's net cultivated area (after field ridges), inflow at the later survey's. The table by county, township and village balances exactly: the net change is inflow minus outflow, plus the change of land cultivated in both years whose ridge coefficient, area or location changed, plus land that only one of the surveys covers. 需补齐 is the net decrease or, for regions in the optional target table, the shortfall of the current cultivated area against the target. Village values are rounded to 0.01 亩; township and county values are sums of the rounded village values. The level of each row is 县级, 乡镇级 or 村级 (county, township or village in an English QGIS).</source>
            <translation>对比 T−1 年度与 T 年度国土变更调查地类图斑（DLTB）。流出：前一年度为耕地、后一年度不是耕地的土地；流入则相反。面积按图斑的图斑面积以平面面积比例分摊：流出按前一年度扣除田坎后的耕地净面积计，流入按后一年度的计。按县、乡镇、村汇总的表严格平衡：净变化 = 流入 − 流出 + 两年都是耕地但扣除系数、面积或坐落变化的变化量 + 只有一期调查覆盖的土地。需补齐为净减少量；目标表中列出的行政区则为现状耕地面积低于目标的差额。村级数值保留 0.01 亩，乡镇和县级为村级取整值之和。每行的级别为县级、乡镇级或村级（英文界面中为 county、township 或 village）。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_balance.py" />
            <location filename="../processing/farmland_outflow.py" />
            <source>Survey of year T−1 (DLTB)</source>
            <translation>T−1 年地类图斑（DLTB）</translation>
        </message>
        <message>
            <location filename="../processing/farmland_balance.py" />
            <location filename="../processing/farmland_outflow.py" />
            <source>Survey of year T (DLTB)</source>
            <translation>T 年地类图斑（DLTB）</translation>
        </message>
        <message>
            <location filename="../processing/farmland_balance.py" />
            <source>Target table</source>
            <translation>耕地目标表</translation>
        </message>
        <message>
            <location filename="../processing/farmland_balance.py" />
            <source>A table of region codes and target cultivated areas.</source>
            <translation>含行政区代码和耕地目标面积的表。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_balance.py" />
            <source>Unit of the targets</source>
            <translation>目标面积单位</translation>
        </message>
        <message>
            <location filename="../processing/farmland_balance.py" />
            <source>m²</source>
            <translation>平方米</translation>
        </message>
        <message>
            <location filename="../processing/farmland_balance.py" />
            <source>mu (亩)</source>
            <translation>亩</translation>
        </message>
        <message>
            <location filename="../processing/farmland_balance.py" />
            <source>hectares</source>
            <translation>公顷</translation>
        </message>
        <message>
            <location filename="../processing/farmland_balance.py" />
            <source>Outflow and inflow pieces</source>
            <translation>耕地流出流入图斑</translation>
        </message>
        <message>
            <location filename="../processing/farmland_balance.py" />
            <source>Balance by county, township and village</source>
            <translation>县乡村耕地进出平衡表</translation>
        </message>
        <message>
            <location filename="../processing/farmland_balance.py" />
            <source>Targets</source>
            <translation>目标表</translation>
        </message>
        <message>
            <location filename="../processing/farmland_balance.py" />
            <source>Targets: {0} regions compared with their target instead of the previous year.</source>
            <translation>目标表：{0} 个行政区与目标面积比较，而不是与上一年比较。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_balance.py" />
            <source>{0}: outflow {1:.2f} 亩, inflow {2:.2f} 亩, net change {3:.2f} 亩, to make up {4:.2f} 亩.</source>
            <translation>{0}：流出 {1:.2f} 亩，流入 {2:.2f} 亩，净变化 {3:.2f} 亩，需补齐 {4:.2f} 亩。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_classification.py" />
            <source>Classification code</source>
            <translation>分类代码</translation>
        </message>
        <message>
            <location filename="../processing/farmland_classification.py" />
            <source>Area (m²)</source>
            <translation>面积（平方米）</translation>
        </message>
        <message>
            <location filename="../processing/farmland_classification.py" />
            <source>Deduction coefficient</source>
            <translation>扣除系数</translation>
        </message>
        <message>
            <location filename="../processing/farmland_classification.py" />
            <source>Slope grade</source>
            <translation>坡度级别</translation>
        </message>
        <message>
            <location filename="../processing/farmland_classification.py" />
            <source>Retain/recognise/restore/swap summary (保留/认定/恢复/置换一批汇总)</source>
            <translation>保留/认定/恢复/置换一批汇总</translation>
        </message>
        <message>
            <location filename="../processing/farmland_classification.py" />
            <source>Sums the area of a classified layer by category and code of the 保留/认定/恢复/置换一批 code table (设置 ▸ 保留/认定/恢复/置换代码表), in 亩 and 万亩, with and without the deduction coefficient, and by slope grade 1–5. The area is the layer's official parcel area when it has one, otherwise the ellipsoidal (CGCS2000) area of the geometry. Subtotals and the total are sums of the rounded code rows. Codes missing from the table are listed under 未识别代码.</source>
            <translation>按“保留/认定/恢复/置换一批”代码表（设置 ▸ 保留/认定/恢复/置换代码表）的类别和代码汇总分类图层的面积，以亩和万亩计，分扣除系数前后，并按 1–5 级坡度分列。图层有图斑面积时用图斑面积，否则用几何图形的椭球面积（CGCS2000）。小计和合计为各代码行取整值之和。代码表中没有的代码列在“未识别代码”下。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_classification.py" />
            <source>Classified layer</source>
            <translation>已分类图层</translation>
        </message>
        <message>
            <location filename="../processing/farmland_classification.py" />
            <source>Classification summary</source>
            <translation>分类汇总表</translation>
        </message>
        <message>
            <location filename="../processing/farmland_classification.py" />
            <source>The classified layer is required.</source>
            <translation>必须提供已分类图层。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_classification.py" />
            <source>Classification code field: {0}.</source>
            <translation>分类代码字段：{0}。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_classification.py" />
            <source>{0} features have no area field value and the layer has no geometry.</source>
            <translation>{0} 个要素没有面积字段值，且图层没有几何图形。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_classification.py" />
            <source>{0} features without an area value: ellipsoidal area used.</source>
            <translation>{0} 个要素没有面积值：改用椭球面积。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_classification.py" />
            <source>Total: {0} features, {1:.2f} 亩 ({2:.4f} 万亩).</source>
            <translation>合计：{0} 个要素，{1:.2f} 亩（{2:.4f} 万亩）。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_outflow.py" />
            <source>Cultivated-land outflow compliance (耕地流出合规核查)</source>
            <translation>耕地流出合规核查</translation>
        </message>
        <message>
            <location filename="../processing/farmland_outflow.py" />
            <source>Finds every patch that was cultivated land (01) in the survey of year T−1 and is not in year T (the outflow pieces of the entry-exit balance, net of field ridges) and checks it against approvals. Construction outflow (非农化) covered to the threshold by conversion/expropriation approvals, supply records or temporary-use approvals is 合规 (temporary use flagged); partly covered is 部分合规 with the uncovered part as suspect area; uncovered is 疑似违法占用耕地. Outflow to facility farmland (1202) is 合规 only under a 设施农用地备案, else 疑似违规. Outflow to orchard, forest, grass or ponds (非粮化) is 疑似违规 inside permanent basic farmland and 纳入进出平衡 outside it; other outflow is 待核实. Approvals dated after 31 December of year T do not cover, nor temporary uses past their term (usually 2 years, flagged); overlapping approvals count once. Each approval's type comes from its type field (PZLX, 批复类型, GDFS …), else from the layer name, or from the per-layer choice (comma-separated, one entry per approval layer: conversion, supply, facility, temporary or auto). The summary by county, township and village gives 非农化 approved/unapproved, 非粮化 and its part inside basic farmland, facility outflow filed/unfiled and the 进出平衡 balance (inflow from other agricultural land less non-grain and facility outflow) in m² and 亩; village values are sums of the patches' rounded cells, upper levels sums of the village values; the level of each row is 县级, 乡镇级 or 村级 (county, township or village in an English QGIS).</source>
            <translation>找出上年调查（T−1）为耕地（01）、本年调查（T）不再是耕地的每个图斑（即进出平衡中的流出部分，按扣除田坎后的净面积计），并与批复核对。流向建设用地（非农化）的图斑，若被农用地转用/土地征收批复、供地或临时用地批复覆盖达到阈值，为“合规”（临时用地另加标记）；部分覆盖为“部分合规”，未覆盖部分计为疑似面积；未覆盖为“疑似违法占用耕地”。流向设施农用地（1202）的图斑，只有设施农用地备案覆盖才为“合规”，否则为“疑似违规”。流向园地、林地、草地或坑塘（非粮化）的图斑，位于永久基本农田内为“疑似违规”，位于其外为“纳入进出平衡”；其他流出为“待核实”。批复日期晚于 T 年 12 月 31 日的不计入覆盖，超过期限（通常 2 年）的临时用地也不计入（另加标记）；相互重叠的批复只计算一次。批复类型取自类型字段（PZLX、批复类型、GDFS 等），否则取自图层名称，或按各图层的类型参数（以逗号分隔，每个批复图层一项：conversion、supply、facility、temporary 或 auto）。按县、乡镇、村汇总：非农化（已批/未批）、非粮化及其中永久基本农田部分、设施农用地（已备案/未备案）和进出平衡（其他农用地流入耕地减去非粮化和设施农用地流出），单位为平方米和亩；村级数值为各图斑舍入后数值之和，上级为村级数值之和；每行的级别为县级、乡镇级或村级（英文界面中为 county、township 或 village）。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_outflow.py" />
            <source>Approval layers</source>
            <translation>批复图层</translation>
        </message>
        <message>
            <location filename="../processing/farmland_outflow.py" />
            <source>转用/征收批复, 供地, 设施农用地备案, 临时用地.</source>
            <translation>转用/征收批复、供地、设施农用地备案、临时用地。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_outflow.py" />
            <source>Approval type per layer</source>
            <translation>各批复图层的类型</translation>
        </message>
        <message>
            <location filename="../processing/farmland_outflow.py" />
            <source>Comma-separated, in layer order; empty = recognised from each layer.</source>
            <translation>按图层顺序以逗号分隔；留空则按各图层自动识别。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_outflow.py" />
            <source>Survey year T</source>
            <translation>调查年度 T</translation>
        </message>
        <message>
            <location filename="../processing/farmland_outflow.py" />
            <source>0 = the data year (SJNF) of the year-T survey.</source>
            <translation>0 表示取 T 年度调查数据的数据年份（SJNF）。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_outflow.py" />
            <location filename="../processing/farmland_restoration.py" />
            <location filename="../processing/mine_rehabilitation.py" />
            <source>Permanent basic farmland</source>
            <translation>永久基本农田</translation>
        </message>
        <message>
            <location filename="../processing/farmland_outflow.py" />
            <location filename="../processing/mine_rehabilitation.py" />
            <source>Ecological protection red line</source>
            <translation>生态保护红线</translation>
        </message>
        <message>
            <location filename="../processing/farmland_outflow.py" />
            <source>Outflow patches</source>
            <translation>耕地流出图斑</translation>
        </message>
        <message>
            <location filename="../processing/farmland_outflow.py" />
            <source>Outflow compliance by county, township and village</source>
            <translation>耕地流出合规情况（按县、乡镇、村汇总）</translation>
        </message>
        <message>
            <location filename="../processing/farmland_outflow.py" />
            <source>Approval types: '{0}' is no approval type; use conversion, supply, facility, temporary or auto.</source>
            <translation>批复类型：“{0}”不是可识别的批复类型；请填写 conversion、supply、facility、temporary 或 auto。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_outflow.py" />
            <source>Approval types: {0} entries for {1} approval layers; give one entry per layer, in layer order.</source>
            <translation>批复类型：填写了 {0} 项，但批复图层只有 {1} 个；请按图层顺序每个图层填写一项。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_outflow.py" />
            <source>farmland_outflow.json: the kinds name destination groups that outflow_groups.json does not have ({0}); use its group keys ({1}).</source>
            <translation>farmland_outflow.json：流出类型中引用了 outflow_groups.json 中不存在的去向分组（{0}）；请使用其分组键（{1}）。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_outflow.py" />
            <source>Survey time point: {0}; approvals dated later do not cover.</source>
            <translation>调查时点：{0}；晚于该时点的批复不计入覆盖。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_outflow.py" />
            <location filename="../processing/farmland_restoration.py" />
            <source>Basic farmland</source>
            <translation>永久基本农田</translation>
        </message>
        <message>
            <location filename="../processing/farmland_outflow.py" />
            <source>Red line</source>
            <translation>生态保护红线</translation>
        </message>
        <message>
            <location filename="../processing/farmland_outflow.py" />
            <source>{0}: no data year (SJNF) to take the survey year from; set the survey year T parameter.</source>
            <translation>{0}：没有可确定调查年度的数据年份（SJNF）；请设置“调查年度 T”参数。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_outflow.py" />
            <source>{0}: the data year (SJNF) has several values ({1}); the survey year is taken as {2}. Set the survey year T parameter if that is wrong.</source>
            <translation>{0}：数据年份（SJNF）有多个取值（{1}）；调查年度取 {2}。如不正确，请设置“调查年度 T”参数。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_outflow.py" />
            <source>No approval layers: every construction and facility outflow is suspect.</source>
            <translation>未提供批复图层：所有流向建设用地和设施农用地的耕地均为疑似问题。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_outflow.py" />
            <source>{0}: {1} approvals with a type in field {2} that is no known type ({3}); they cover nothing and the patches they meet are flagged. Add the values to farmland_outflow.json or set the layer's type.</source>
            <translation>{0}：字段 {2} 中有 {1} 个批复的类型无法识别（{3}）；这些批复不计入覆盖，涉及的图斑已标记。请将这些值添加到 farmland_outflow.json，或设置该图层的类型。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_outflow.py" />
            <source>{0}: no approval type field (accepted: {1}) and the layer name names no type; set the layer's type in the approval type parameter.</source>
            <translation>{0}：没有批复类型字段（可用名称：{1}），图层名称也无法说明类型；请在“批复类型”参数中设置该图层的类型。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_outflow.py" />
            <source>{0}: every feature taken as {1} (from the layer name).</source>
            <translation>{0}：按图层名称，全部要素视为{1}。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_outflow.py" />
            <source>{0}: {1} approval dates in field {2} are no dates (e.g. '{3}'); those approvals count as undated and are flagged.</source>
            <translation>{0}：字段 {2} 中有 {1} 个批复日期无法识别（如“{3}”）；这些批复按无日期处理并已标记。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_outflow.py" />
            <source>{0}: no approval date field; its approvals count as undated and are flagged.</source>
            <translation>{0}：没有批复日期字段；其批复按无日期处理并已标记。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_outflow.py" />
            <source>Outflow patches: {0}; by status: {1}.</source>
            <translation>耕地流出图斑 {0} 个；按状态：{1}。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_outflow.py" />
            <source>{0}: 非农化 {1:.2f} 亩 (unapproved {2:.2f}), 非粮化 {3:.2f} 亩 (in basic farmland {4:.2f}), facility {5:.2f} 亩 (unfiled {6:.2f}), 进出平衡 balance {7:.2f} 亩.</source>
            <translation>{0}：非农化 {1:.2f} 亩（未批 {2:.2f}），非粮化 {3:.2f} 亩（其中永久基本农田 {4:.2f}），设施农用地 {5:.2f} 亩（未备案 {6:.2f}），进出平衡 {7:.2f} 亩。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_restoration.py" />
            <source>Task id</source>
            <translation>任务编号</translation>
        </message>
        <message>
            <location filename="../processing/farmland_restoration.py" />
            <source>Village code</source>
            <translation>村级代码</translation>
        </message>
        <message>
            <location filename="../processing/farmland_restoration.py" />
            <source>Task area (m²)</source>
            <translation>任务面积（平方米）</translation>
        </message>
        <message>
            <location filename="../processing/farmland_restoration.py" />
            <source>Source land class</source>
            <translation>原地类编码</translation>
        </message>
        <message>
            <location filename="../processing/farmland_restoration.py" />
            <source>Restoration type (JKHF/GCHF)</source>
            <translation>恢复属性（JKHF/GCHF）</translation>
        </message>
        <message>
            <location filename="../processing/farmland_restoration.py" />
            <source>Deadline</source>
            <translation>完成期限</translation>
        </message>
        <message>
            <location filename="../processing/farmland_restoration.py" />
            <location filename="../processing/mine_rehabilitation.py" />
            <source>{0}: class names (DLMC) not in the code table, their parcels have no class: {1}.</source>
            <translation>{0}：以下地类名称(DLMC)不在代码表中，其图斑无地类：{1}。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_restoration.py" />
            <source>{0}: {1} parcels without TBMJ; their ellipsoidal area is used instead.</source>
            <translation>{0}：{1} 个图斑缺少图斑面积(TBMJ)，改用其椭球面积。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_restoration.py" />
            <source>Cultivated-land restoration check (耕地恢复核查)</source>
            <translation>耕地恢复核查</translation>
        </message>
        <message>
            <location filename="../processing/farmland_restoration.py" />
            <source>Checks each restoration task parcel against the latest annual change survey (DLTB). Pieces of DLTB parcels get the parcel's official TBMJ by planar share; the restored net area deducts field ridges (TBDLMJ share, i.e. 1 − KCXS). Adjustable K classes are not cultivated land. The ratio compares like with like: the net restored area against the task's net-able area (its ellipsoidal area less the ridge share of the cultivated parcels it covers), or with net counting off the gross restored area against the task area; slivers are left out of both (the ratio base is in the output); a task wholly restored on sloping land is 已恢复 whatever its KCXS. Status: 已恢复 when the ratio reaches the threshold, 部分恢复 when some is restored, 未恢复 otherwise. Slivers (boundary noise) are left out: pieces under the minimum area, or thin strips (mean width under the limit) that are a small share of both their task and their survey parcel; a piece that is most of a parcel always counts, however large the task. DLBM falls back to DLMC row by row (二调-era names included); parcels without TBMJ get their ellipsoidal area. Every task is kept; flags tell restored-but-uncultivated (WG/XG), adjustable classes, permanent basic farmland, no survey coverage and repaired geometry. Outputs are in the survey's CRS (a geographic survey is worked in its Gauss-Krüger zone).</source>
            <translation>按最新年度变更调查地类图斑(DLTB)核查每个恢复任务图斑。图斑碎块按平面面积比例分摊所属图斑的图斑面积(TBMJ)；已恢复净面积扣除田坎(按TBDLMJ占比，即1 − KCXS)。可调整地类(K)不计为耕地。恢复比例同口径比较：已恢复净面积对比任务的可计净面积(椭球面积扣除其覆盖耕地图斑的田坎部分)；不按净面积计时，已恢复图斑面积对比任务面积；碎片均不计入两者(比例基数见输出结果)。坡耕地上整体恢复的任务无论KCXS多少均为已恢复。状态：比例达到阈值为已恢复，部分恢复为部分恢复，否则为未恢复。碎片(边界误差)不计：面积低于最小面积的碎块，或平均宽度低于限值、且占任务与所在调查图斑面积比例均很小的细条；占调查图斑大部分的碎块无论任务多大都计入。DLBM为空时逐行按DLMC(含二调地类名称)取得地类；缺少TBMJ的图斑采用其椭球面积。保留每个任务；标记包括恢复但未耕种(WG/XG)、可调整地类、永久基本农田、无调查覆盖及几何已修复。输出采用调查图层的坐标系(地理坐标的调查数据按其高斯-克吕格投影带处理)。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_restoration.py" />
            <source>Restoration task parcels</source>
            <translation>耕地恢复任务图斑</translation>
        </message>
        <message>
            <location filename="../processing/farmland_restoration.py" />
            <source>Latest annual change survey (DLTB)</source>
            <translation>最新年度国土变更调查地类图斑（DLTB）</translation>
        </message>
        <message>
            <location filename="../processing/farmland_restoration.py" />
            <source>Unticked: from the gross area (before field ridges).</source>
            <translation>不勾选时按图斑面积（未扣除田坎）判定。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_restoration.py" />
            <source>Restoration check</source>
            <translation>耕地恢复核查结果</translation>
        </message>
        <message>
            <location filename="../processing/farmland_restoration.py" />
            <source>Pieces (task ∩ DLTB)</source>
            <translation>叠加碎片（任务 ∩ 地类图斑）</translation>
        </message>
        <message>
            <location filename="../processing/farmland_restoration.py" />
            <source>Tasks</source>
            <translation>任务图斑</translation>
        </message>
        <message>
            <location filename="../processing/farmland_restoration.py" />
            <source>Survey</source>
            <translation>调查数据</translation>
        </message>
        <message>
            <location filename="../processing/farmland_restoration.py" />
            <source>{0}: {1} task ids are used by more than one task ({2}); they are kept and flagged.</source>
            <translation>{0}：有 {1} 个任务编号被多个任务使用（{2}）；这些任务已保留并标记。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_restoration.py" />
            <source>Restored gross {0:.2f} 亩, net {1:.2f} 亩.</source>
            <translation>已恢复图斑面积 {0:.2f} 亩，耕地面积（扣除田坎）{1:.2f} 亩。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_restoration.py" />
            <source>{0}: {1} tasks, {2} restored ({3} %); task area {4:.2f} 亩, restored {5:.2f} 亩.</source>
            <translation>{0}：任务 {1} 个，已恢复 {2} 个（{3} %）；任务面积 {4:.2f} 亩，已恢复 {5:.2f} 亩。</translation>
        </message>
        <message>
            <location filename="../processing/farmland_restoration.py" />
            <source>All tasks</source>
            <translation>全部任务</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>E-supervision number (电子监管号)</source>
            <translation>电子监管号</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Contract number (合同编号)</source>
            <translation>合同编号</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Supply mode (供地方式)</source>
            <translation>供地方式</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Agreed start date (约定动工日期)</source>
            <translation>约定动工日期</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Agreed completion date (约定竣工日期)</source>
            <translation>约定竣工日期</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Actual start date (实际动工日期)</source>
            <translation>实际动工日期</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Start date of a supplementary agreement (补充协议约定动工日期)</source>
            <translation>补充协议约定动工日期</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Parcel area (宗地面积)</source>
            <translation>宗地面积</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Transfer or allocation price, 万元 (出让/划拨价款)</source>
            <translation>出让/划拨价款（万元）</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Developed area (已开发面积)</source>
            <translation>已开发面积</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Area due for development (应开发面积)</source>
            <translation>应开发面积</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Investment so far (已投资额)</source>
            <translation>已投资额</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Total investment (总投资额)</source>
            <translation>总投资额</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Suspension start date (中止开始日期)</source>
            <translation>中止开始日期</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Cause type (原因类型)</source>
            <translation>原因类型</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Contract date (合同签订日期)</source>
            <translation>合同签订日期</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Agreed delivery date (约定交地时间)</source>
            <translation>约定交地时间</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Foundations at ±0.00 (基础是否达到±0.00)</source>
            <translation>基础是否达到±0.00</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>National 2012 rule: an actual start date</source>
            <translation>国家 2012 标准：有实际动工日期</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Local rule: foundations at ±0.00</source>
            <translation>地方标准：基础达到 ±0.00</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Contract date + N months</source>
            <translation>合同签订日期加 N 个月</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Agreed delivery date + N months</source>
            <translation>约定交地时间加 N 个月</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Flag only (not judged)</source>
            <translation>仅标记（不判定）</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>fee tier (征缴土地闲置费)</source>
            <translation>征缴土地闲置费</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>recovery tier (无偿收回)</source>
            <translation>无偿收回</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>below the fee years</source>
            <translation>未满征缴年限</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>government cause (Art. 12 negotiation)</source>
            <translation>政府原因（按第十二条协商处置）</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>force majeure (Art. 12 negotiation)</source>
            <translation>不可抗力（按第十二条协商处置）</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Suspected idle land screening (疑似闲置土地筛查)</source>
            <translation>疑似闲置土地筛查</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Idle land</source>
            <translation>闲置土地</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Screens supply records (a polygon layer or a table without geometry: GeoPackage table, CSV, XLSX) for suspected idle land under the 2012 Measures on the Disposal of Idle Land (闲置土地处置办法). Start date: a supplementary agreement's date replaces the agreed start date; when both are missing, the chosen rule derives it (contract date or agreed delivery date + N months) or only flags the record. Not started (未动工): no actual start and the as-of date is on or after the first anniversary of the start date. Stalled (中止开发): started, developed/due area below the area ratio or investment below the investment ratio, and suspended for at least the given months. The idle years are whole calendar years counted from 闲置起算日 (the start date, or the suspension start); 29 February + 1 year is 28 February. Enterprise cause: 1 year or more → 征缴土地闲置费 (20 % of the price, 万元), 2 years or more → 无偿收回. Government causes and force majeure are routed to negotiation with the Art. 12 options and no fee; an unknown cause counts as enterprise and is flagged. A cause written as text is decided by who acted (the keywords in 设置 ▸ 闲置原因): enterprise and government signals together count as enterprise, flagged 原因待核实; natural disasters are force majeure. Stalled with the area or the investment unknown is flagged 数据不全-无法判定中止; a recorded start with nothing developed and nothing invested long after it is judged not started, flagged 疑似虚假开工. Optional evidence: the share of each parcel still non-construction or bare in the latest DLTB, and monitoring patches with construction (20/YH) or not-started (DT/TD/TP) signs. Every result is a suspicion (疑似), never a determination. Records with bad dates, prices, areas or duplicate 电子监管号 are kept and flagged. The thresholds and rules start from 设置 ▸ 闲置土地认定阈值 and 闲置原因.</source>
            <translation>按 2012 年《闲置土地处置办法》对供地记录（面图层，或无几何的表格：GeoPackage 表、CSV、XLSX）进行疑似闲置土地筛查。动工日期：有补充协议的，以补充协议约定的动工日期代替原约定动工日期；两者都缺失时，按所选规则推算（合同签订日期或约定交地日期加 N 个月），或仅作标记。未动工：没有实际动工，且统计截止日已到或超过约定动工日期满一年之日。中止开发：已动工，但已开发面积/应开发面积低于面积比例或已投资额/总投资额低于投资比例，且中止开发满规定月数。闲置年限为自闲置起算日（约定动工日期或中止开始日期）起算的整年数；2 月 29 日加 1 年为次年 2 月 28 日。企业原因：满 1 年 → 征缴土地闲置费（价款的 20%，万元），满 2 年 → 无偿收回。政府原因和不可抗力转入协商处置（第十二条所列方式），不征收闲置费；原因不明的按企业原因处理并加标记。以文字填写的原因按行为主体判断（关键词见 设置 ▸ 闲置原因）：同时含企业与政府表述的按企业原因测算，并标记“原因待核实”；自然灾害按不可抗力处理。中止开发但开发面积或投资额一项缺失的，标记“数据不全-无法判定中止”；有实际动工日期但其后较长时间既未开发也未投资的，按未动工判断并标记“疑似虚假开工”。可选佐证：各宗地在最新地类图斑中仍为非建设地类或裸地的比例，以及有建设迹象（20/YH）或未动工迹象（DT/TD/TP）的监测图斑。所有结果均为“疑似”，不是认定结论。日期、价款、面积有误或电子监管号重复的记录均保留并标记。阈值和规则默认取自 设置 ▸ 闲置土地认定阈值 和 闲置原因。</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Supply records (polygons or a table)</source>
            <translation>供地记录（面图层或表格）</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>National 2012 rule: a record with an actual start date has started. Local rule: a record whose foundations have reached ±0.00 elevation (field 基础是否达到±0.00) has started.</source>
            <translation>国家 2012 标准：有实际动工日期即为已动工。地方标准：基础达到 ±0.00 标高（字段“基础是否达到±0.00”）即为已动工。</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Evidence: latest survey (DLTB)</source>
            <translation>佐证：最新调查地类图斑（DLTB）</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Evidence: change-monitoring patches (TBLX)</source>
            <translation>佐证：变化监测图斑（TBLX）</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Suspected idle land screening</source>
            <translation>疑似闲置土地筛查结果</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Suspected idle records</source>
            <translation>疑似闲置宗数</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Records with data flags</source>
            <translation>有数据问题标记的记录数</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Total idle fee (万元)</source>
            <translation>应征闲置费合计（万元）</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>As of {0}; start rule {1}; missing start date: {2}.</source>
            <translation>统计截止日 {0}；动工认定标准 {1}；缺少动工日期时：{2}。</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Supply records</source>
            <translation>供地记录</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Fields not found (left empty): {0}.</source>
            <translation>未找到以下字段（留空）：{0}。</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Local ±0.00 rule chosen but no ±0.00 field found: the actual start date is used.</source>
            <translation>选择了地方“±0.00 标高”标准，但未找到 ±0.00 字段：改用实际动工日期。</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>{0} ignored: evidence needs supply records with polygons.</source>
            <translation>已忽略{0}：佐证分析需要带面几何的供地记录。</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Survey evidence</source>
            <translation>调查佐证</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Monitoring evidence</source>
            <translation>监测佐证</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>Records: {0}; suspected idle: {1} ({2} %); total idle fee {3:.2f} 万元.</source>
            <translation>记录 {0} 宗；疑似闲置 {1} 宗（{2} %）；应征闲置费合计 {3:.2f} 万元。</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>{0} records flagged (kept in the output, see the flags field):</source>
            <translation>{0} 条记录有标记（已保留在输出中，见 flags 字段）：</translation>
        </message>
        <message>
            <location filename="../processing/idle_land.py" />
            <source>  {0}: {1} (e.g. {2})</source>
            <translation>  {0}：{1}（例如 {2}）</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>not an editable column: the value comes from the analysis</source>
            <translation>不是可填报列：该值来自核查分析</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>'{0}' is not a date (e.g. 2024-05-01, 2024/5/1, 2024年5月1日)</source>
            <translation>“{0}”不是日期（如 2024-05-01、2024/5/1、2024年5月1日）</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>'{0}' is not a number</source>
            <translation>“{0}”不是数字</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>'{0}' is not one of {1}</source>
            <translation>“{0}”不在可选值 {1} 中</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>the formula {0} has no computed value; type the value itself</source>
            <translation>公式 {0} 没有计算结果；请直接填写数值</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>是否销号 = 是 needs 整改状态 = {0} and a 销号依据 (closing basis)</source>
            <translation>是否销号 = 是 需要整改状态 = {0} 并填写销号依据</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>the key {0} is not an item of this workbook's export: row ignored</source>
            <translation>台账项键 {0} 不属于本工作簿导出的台账项：该行未采用</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>the key {0} is on several rows ({1}): none of them is taken</source>
            <translation>台账项键 {0} 出现在多行（{1}）：均未采用</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>the row shows {0} but its hidden key is {1} (sorted without the hidden key column?): none of the row is taken</source>
            <translation>该行显示的是 {0}，但其隐藏的台账项键为 {1}（排序时未包含隐藏的台账项键列？）：该行内容均未采用</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>conflict: the store holds '{0}', changed since this workbook was exported</source>
            <translation>冲突：台账库中为“{0}”，在本工作簿导出后已被修改</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>conflict: {0} gives another value</source>
            <translation>冲突：{0} 填报了不同的值</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>superseded by the later file {0}</source>
            <translation>被后面的文件 {0} 取代</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>formula {0} kept as text (not evaluated)</source>
            <translation>公式 {0} 按文本保存（不计算）</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>formula: its cached value was taken (not evaluated)</source>
            <translation>公式：采用其已缓存的计算结果（不重新计算）</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>Import returned rectification ledgers (导入整改台账回执)</source>
            <translation>导入整改台账回执</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>Reads ledgers sent back by townships and responsible units (workbooks written by 导出整改台账 with a ledger store) into the ledger store, cell by cell, and lists every proposed change with its outcome.
Rows are matched by their hidden key, whatever was done to the sheet (sorted, filtered, rows inserted or deleted, columns hidden or moved, sheet renamed, re-saved by WPS or LibreOffice). Only the template's editable columns change the store; an edited analysis cell is rejected with its old and new value. Dates in the usual forms, the template's word lists and numbers are checked; a formula counts by its cached value, else as its text, never evaluated. 是否销号 = 是 is accepted only with 整改状态 = 已完成 and a 销号依据.
Two returns changing the same cell differently, or a cell the store changed since the workbook was exported, are conflicts: recorded, the store keeps its value, unless the option to let the later file win is ticked (the later file in the list wins). An exported row absent from a return is reported missing, never deleted; a row without a key is recorded as a new item to review. Importing the same file again changes nothing; the returned files are never modified.
With the option to apply left unticked, the run is a dry run: the list of changes says what would happen, the store is untouched.</source>
            <translation>将乡镇和责任单位返回的台账（由“导出整改台账”带台账库导出的工作簿）逐个单元格读入台账库，并列出每项拟变更及其处理结果。
按隐藏的台账项键匹配行，不受表格上的操作影响（排序、筛选、插入或删除行、隐藏或移动列、工作表改名、经 WPS 或 LibreOffice 另存）。只有模板中的可填报列会修改台账库；修改分析列的单元格会被拒绝，并给出原值和新值。日期按常用写法识别，模板的可选值和数字均会校验；公式取其缓存的计算结果，没有结果时按文本保存，绝不计算。是否销号 = 是 仅在整改状态 = 已完成且填写了销号依据时采纳。
两份回执对同一单元格填报了不同的值，或台账库在该工作簿导出后已修改了该单元格，均为冲突：记录在案，台账库保持原值；勾选按文件顺序的选项时以列表中后面的文件为准。回执中缺少的导出行报告为缺失行，绝不删除；没有台账项键的行记录为待审核的新增台账项。同一文件再次导入不会有任何变化；回执文件从不被修改。
不勾选写入选项即为试运行：变更清单列出将要发生的变更，台账库不变。</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>Returned ledgers (.xlsx)</source>
            <translation>回执台账（.xlsx）</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>Ledger store (台账库 GeoPackage)</source>
            <translation>台账库（GeoPackage）</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>Apply the changes to the store (unchecked: dry run)</source>
            <translation>将变更写入台账库（不勾选则仅试运行）</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>Proposed changes and their outcome</source>
            <translation>拟变更及处理结果</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>Changes applied</source>
            <translation>已采纳变更</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>Changes rejected</source>
            <translation>已拒绝变更</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>Conflicts</source>
            <translation>冲突</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>New rows to review</source>
            <translation>待审核的新增行</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>Missing rows</source>
            <translation>缺失行</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>Choose at least one returned ledger (.xlsx).</source>
            <translation>请至少选择一个回执台账（.xlsx）。</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>Reading {0}</source>
            <translation>正在读取 {0}</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>{0}: the columns {1} were not found (deleted, or their header renamed): what the teams typed there was not read. Restore the header and import again.</source>
            <translation>{0}：未找到列 {1}（已删除或表头被改名）：这些列中填报的内容未被读取。请恢复表头后重新导入。</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>{0}: columns the ledger does not have were filled in ({1}); the store does not take them: copy what matters into 备注 or 整改措施 and import again.</source>
            <translation>{0}：填写了台账中没有的列（{1}）；台账库不接收这些列：请将需要的内容抄入备注或整改措施后重新导入。</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>Comparing the returns with the store</source>
            <translation>正在将回执与台账库比对</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>Dry run: the store was not changed.</source>
            <translation>试运行：台账库未作修改。</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>{0}: {1} rows read, {2} applied, {3} rejected, {4} conflicts, {5} new rows, {6} missing rows.</source>
            <translation>{0}：读取 {1} 行，采纳 {2} 项，拒绝 {3} 项，冲突 {4} 项，新增行 {5} 个，缺失行 {6} 个。</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>{0} was imported before; nothing changed.</source>
            <translation>{0} 此前已导入过；无任何变化。</translation>
        </message>
        <message>
            <location filename="../processing/import_ledger.py" />
            <source>Ledger store {0}: {1} cells changed in {2} items.</source>
            <translation>台账库 {0}：{2} 个台账项共修改 {1} 个单元格。</translation>
        </message>
        <message>
            <location filename="../processing/layers.py" />
            <source>{0}: {1} invalid geometries repaired (make_valid) among the features used.</source>
            <translation>{0}：在参与计算的要素中修复了 {1} 个无效几何（make_valid）。</translation>
        </message>
        <message>
            <location filename="../processing/layers.py" />
            <source>The first input has no coordinate reference system and its eastings carry no zone number; set the layer's CRS (e.g. CGCS2000 3-degree GK, EPSG:4513-4554) and run again.</source>
            <translation>第一个输入图层没有坐标参考系，其横坐标也不带带号；请为图层设置坐标参考系（如 CGCS2000 3度带高斯-克吕格投影，EPSG:4513–4554）后重新运行。</translation>
        </message>
        <message>
            <location filename="../processing/layers.py" />
            <source>The first input has no CRS: assuming {0} from its 8-digit eastings.</source>
            <translation>第一个输入图层没有坐标参考系：根据 8 位横坐标推断为 {0}。</translation>
        </message>
        <message>
            <location filename="../processing/layers.py" />
            <source>Geographic input: working in {0} for overlay and areas.</source>
            <translation>输入为地理坐标：叠加分析和面积计算在 {0} 下进行。</translation>
        </message>
        <message>
            <location filename="../processing/layers.py" />
            <source>{0} has no CRS: its coordinates are taken to be in {1}.</source>
            <translation>{0} 没有坐标参考系：其坐标按 {1} 处理。</translation>
        </message>
        <message>
            <location filename="../processing/layers.py" />
            <source>{0} has no CRS and its coordinates are degrees (longitude/latitude), while the analysis works in {1}: set the layer's CRS (e.g. EPSG:4490, CGCS2000) and run again.</source>
            <translation>{0} 没有坐标参考系，且其坐标为经纬度（度），而分析使用 {1}：请设置该图层的坐标参考系（如 EPSG:4490，CGCS2000）后重新运行。</translation>
        </message>
        <message>
            <location filename="../processing/layers.py" />
            <source>{0} has no CRS and its coordinates ({1}) cannot be in {2}, the CRS of the analysis: set the layer's CRS and run again.</source>
            <translation>{0} 没有坐标参考系，且其坐标（{1}）不可能位于分析所用的 {2} 中：请设置该图层的坐标参考系后重新运行。</translation>
        </message>
        <message>
            <location filename="../processing/layers.py" />
            <source>GDAL's NumPy bridge cannot be imported ({0}): layers are read through QGIS, which is slower. Reinstall GDAL's Python bindings for the numpy in use to read them fast again.</source>
            <translation>无法导入 GDAL 的 NumPy 接口（{0}）：改由 QGIS 读取图层，速度较慢。为当前使用的 numpy 重新安装 GDAL 的 Python 绑定即可恢复快速读取。</translation>
        </message>
        <message>
            <location filename="../processing/layers.py" />
            <source>Cancelled.</source>
            <translation>已取消。</translation>
        </message>
        <message>
            <location filename="../processing/layers.py" />
            <source>{0}: GDAL's fast reader gave {1} features where the layer has {2}; read through QGIS instead.</source>
            <translation>{0}：GDAL 快速读取得到 {1} 个要素，而图层有 {2} 个；改由 QGIS 读取。</translation>
        </message>
        <message>
            <location filename="../processing/layers.py" />
            <source>{0}: {1} curved geometries segmentized into straight segments (QGIS default tolerance).</source>
            <translation>{0}：{1} 个曲线几何已按 QGIS 默认容差分段为直线。</translation>
        </message>
        <message>
            <location filename="../processing/layers.py" />
            <source>Choose the field under Advanced Parameters, or rename a field to one of these names.</source>
            <translation>请在“高级参数”中选择该字段，或将图层中的字段改为上列名称之一。</translation>
        </message>
        <message>
            <location filename="../processing/layers.py" />
            <source>Rename a field of the layer to one of these names.</source>
            <translation>请将图层中的字段改为上列名称之一。</translation>
        </message>
        <message>
            <location filename="../processing/layers.py" />
            <source>{0} {1}</source>
            <translation>{0}{1}</translation>
        </message>
        <message>
            <location filename="../processing/layers.py" />
            <source>Input layer {0} could not be opened.</source>
            <translation>无法打开输入图层 {0}。</translation>
        </message>
        <message>
            <location filename="../processing/layers.py" />
            <source>{0}: reprojected from {1} to {2}.</source>
            <translation>{0}：已从 {1} 投影转换到 {2}。</translation>
        </message>
        <message>
            <location filename="../processing/layers.py" />
            <source>{0}: {1} invalid geometries repaired (make_valid).</source>
            <translation>{0}：已修复 {1} 个无效几何（make_valid）。</translation>
        </message>
        <message>
            <location filename="../processing/layers.py" />
            <source>{0}: {1} features without geometry.</source>
            <translation>{0}：{1} 个要素没有几何图形。</translation>
        </message>
        <message>
            <location filename="../processing/layers.py" />
            <source>{0}: {1} features read.</source>
            <translation>{0}：已读取 {1} 个要素。</translation>
        </message>
        <message>
            <location filename="../processing/layers.py" />
            <source>Could not write feature {0} to the output.</source>
            <translation>无法将要素 {0} 写入输出图层。</translation>
        </message>
        <message>
            <location filename="../processing/ledger_items.py" />
            <source>The area field {0} gives no unit: it is read in m² (as 图斑面积 of the land survey). If it holds 亩, rename it {0}(亩) or give it that alias.</source>
            <translation>面积字段 {0} 未注明单位，按平方米读取(与国土调查的图斑面积相同)。如其单位为亩，请将其改名为 {0}(亩) 或设置该别名。</translation>
        </message>
        <message>
            <location filename="../processing/ledger_items.py" />
            <source>The layer has no field for the {0} (accepted names: {1}); choose the group field.</source>
            <translation>图层缺少{0}字段（可识别的字段名：{1}）；请选择分组字段。</translation>
        </message>
        <message>
            <location filename="../processing/ledger_items.py" />
            <source>The ledger store's items follow the template {0}, which has no deadlines: nothing is overdue or due soon.</source>
            <translation>台账库中的图斑采用台账模板 {0}，该模板没有整改时限：没有逾期或临期的图斑。</translation>
        </message>
        <message>
            <location filename="../processing/ledger_items.py" />
            <source>The layer has no deadline field (accepted names: {0}): without deadlines nothing is overdue or due soon.</source>
            <translation>图层缺少整改时限字段（可识别的字段名：{0}）：没有时限就无法判断逾期或临期。</translation>
        </message>
        <message>
            <location filename="../processing/ledger_letters.py" />
            <source>Reminder and supervision letters (提醒函/督办函)</source>
            <translation>生成提醒函/督办函</translation>
        </message>
        <message>
            <location filename="../processing/ledger_letters.py" />
            <source>Writes one editable Word letter (.docx) per responsible unit that has open items overdue (逾期) or due soon (临期) on the as-of date: a 提醒函 (reminder), or a 督办函 (supervision letter) when at least one of its items is overdue by the chosen number of days or more. Each letter has the usual official layout (issuer, 文号 placeholder to fill in, title, addressee, the item list with 图斑编号, 位置, 面积, 问题, 整改时限 and 剩余天数, the required measures, the feedback deadline, issuer and date).
Ledger items: any ledger layer (an analysis result, a ledger store's items); fields are found by the ledger names (整改时限/ZGSX/WCQX, 整改状态/ZGZT, 责任单位/ZRDW, 图斑编号/TBBH/RWBH …). Letters go to the units of the chosen field (empty = 责任单位; choose the county field to write to counties).
Wording file: a replacement for the letters' shipped wording.
The result is a table of the letters (unit, letter type, file, items, overdue items, area in 亩). Existing letters are replaced only when 覆盖已有文件 is ticked. Needs the Python package python-docx.</source>
            <translation>为截止日期时有逾期或临期未完成问题的每个责任单位生成一份可编辑的 Word 函件（.docx）：一般为提醒函；其中有问题逾期达到所设天数及以上的，发督办函。函件采用常用公文格式（发文单位、待填写的文号、标题、主送单位、问题清单（图斑编号、位置、面积、问题、整改时限、剩余天数）、整改要求、反馈期限、落款和日期）。
台账图斑：任意台账图层（分析结果、台账库图斑）；按台账字段名识别字段（整改时限/ZGSX/WCQX、整改状态/ZGZT、责任单位/ZRDW、图斑编号/TBBH/RWBH 等）。函件发往所选字段的单位（留空 = 责任单位；选择县字段即发给各县）。
函件文字文件：替换内置的函件文字。
结果为函件清单（收文单位、函件类型、文件、问题数、逾期数、面积（亩））。仅在勾选“覆盖已有文件”时替换已有函件。需要 Python 包 python-docx。</translation>
        </message>
        <message>
            <location filename="../processing/ledger_letters.py" />
            <source>Ledger items</source>
            <translation>台账图斑</translation>
        </message>
        <message>
            <location filename="../processing/ledger_letters.py" />
            <source>Letters go to</source>
            <translation>函件发往</translation>
        </message>
        <message>
            <location filename="../processing/ledger_letters.py" />
            <source>A field; empty = 责任单位.</source>
            <translation>一个字段；留空则按责任单位。</translation>
        </message>
        <message>
            <location filename="../processing/ledger_letters.py" />
            <source>督办函 when an item is overdue by at least (days)</source>
            <translation>逾期达到以下天数时发督办函（天）</translation>
        </message>
        <message>
            <location filename="../processing/ledger_letters.py" />
            <source>Issuer (发文单位)</source>
            <translation>发文单位</translation>
        </message>
        <message>
            <location filename="../processing/ledger_letters.py" />
            <source>Wording file (empty = the shipped wording)</source>
            <translation>函件文字模板（留空 = 内置模板）</translation>
        </message>
        <message>
            <location filename="../processing/ledger_letters.py" />
            <source>Replace existing letters</source>
            <translation>覆盖已有函件</translation>
        </message>
        <message>
            <location filename="../processing/ledger_letters.py" />
            <source>Folder for the letters</source>
            <translation>函件输出文件夹</translation>
        </message>
        <message>
            <location filename="../processing/ledger_letters.py" />
            <source>Letters written</source>
            <translation>已生成函件</translation>
        </message>
        <message>
            <location filename="../processing/ledger_letters.py" />
            <source>Number of letters</source>
            <translation>函件数</translation>
        </message>
        <message>
            <location filename="../processing/ledger_letters.py" />
            <source>Writing letters needs the Python package {0}. {1} Then restart QGIS.</source>
            <translation>生成函件需要 Python 包 {0}。{1} 然后重启 QGIS。</translation>
        </message>
        <message>
            <location filename="../processing/ledger_letters.py" />
            <source>Wording file: {0}</source>
            <translation>函件文字模板：{0}</translation>
        </message>
        <message>
            <location filename="../processing/ledger_letters.py" />
            <source>No issuer (发文单位) given: the letters leave the issuer's name blank.</source>
            <translation>未填写发文单位：函件中的发文单位留空。</translation>
        </message>
        <message>
            <location filename="../processing/ledger_letters.py" />
            <source>{0} chased items have no {1}: their letter is addressed to '{2}'; fill in the field and run again.</source>
            <translation>{0} 个需督促的图斑缺少{1}：其函件收文单位为“{2}”；请补填该字段后重新运行。</translation>
        </message>
        <message>
            <location filename="../processing/ledger_letters.py" />
            <source>{0} items read: {1} overdue or due soon in {2} letters; not chased: {3}.</source>
            <translation>读取 {0} 个图斑：{1} 个逾期或临期，生成 {2} 份函件；未列入：{3}。</translation>
        </message>
        <message>
            <location filename="../processing/ledger_letters.py" />
            <source>Writing the table of letters</source>
            <translation>正在写入函件清单</translation>
        </message>
        <message>
            <location filename="../processing/ledger_letters.py" />
            <source>The letters could not be written: {0}</source>
            <translation>函件无法写入：{0}</translation>
        </message>
        <message>
            <location filename="../processing/ledger_letters.py" />
            <source>{0}: {1}, {2} items ({3} overdue).</source>
            <translation>{0}：{1}，{2} 个问题（逾期 {3} 个）。</translation>
        </message>
        <message>
            <location filename="../processing/mine_rehabilitation.py" />
            <source>Admin code (XZQDM)</source>
            <translation>行政区代码（XZQDM）</translation>
        </message>
        <message>
            <location filename="../processing/mine_rehabilitation.py" />
            <source>County name (XZX)</source>
            <translation>所在县（XZX）</translation>
        </message>
        <message>
            <location filename="../processing/mine_rehabilitation.py" />
            <source>Restoration status (HFZLQK)</source>
            <translation>恢复治理情况（HFZLQK）</translation>
        </message>
        <message>
            <location filename="../processing/mine_rehabilitation.py" />
            <source>Rule table: {0}</source>
            <translation>规则表：{0}</translation>
        </message>
        <message>
            <location filename="../processing/mine_rehabilitation.py" />
            <source>{0}: {1} parcels without TBMJ use their ellipsoidal area.</source>
            <translation>{0}：{1} 个图斑没有图斑面积（TBMJ），改用椭球面积。</translation>
        </message>
        <message>
            <location filename="../processing/mine_rehabilitation.py" />
            <source>Legacy-mine rehabilitation status</source>
            <translation>历史遗留矿山生态修复核查</translation>
        </message>
        <message>
            <location filename="../processing/mine_rehabilitation.py" />
            <source>Checks legacy-mine patches (历史遗留矿山核查图斑) against the latest land-use survey (DLTB).

The patch attributes may hold codes or their text (已恢复治理, 自然恢复, 露天开采 …); 设置 ▸ 矿山核查图斑代码表 reads both. An unknown value is kept, flagged and counted in the log.

Restored share: the survey area in the target land classes of the patch's restoration mode (by default cultivated land, orchards, forest and grassland, or the classes of its planned direction) over the patch's ellipsoidal area. Residual damage: the survey area still mining land or bare land. Survey areas are the parcels' official areas shared out by planar area. The damage type (挖损/压占/塌陷) follows the patch's damage unit (设置 ▸ 损毁类型).

修复状态: 已验收 only from the patch's acceptance record; otherwise the higher of the recorded status and the survey evidence: 已修复(待验收) when the thresholds of the restoration rules are met, 修复中 when some restoration is found. No national numeric criterion was found: the shipped thresholds (80 % restored, at most 10 % residual damage) are defaults to review, marked so in 设置 ▸ 矿山修复规则表, where you set your local values (or give a rule file for one run). 转型利用 is judged against its planned use only; without one the patch is 待核实, never 未修复.

清零优先: patches that overlap the ecological protection red line or permanent basic farmland. The summary gives, per county, the counts by status and the completion rates by count and by area.</source>
            <translation>用最新年度国土变更调查地类图斑（DLTB）核查历史遗留矿山核查图斑。

图斑属性可以是代码，也可以是文字（已恢复治理、自然恢复、露天开采……）；设置 ▸ 矿山核查图斑代码表 两者都能识别。无法识别的取值会保留、标记并在日志中计数。

已恢复比例：位于该图斑修复方式目标地类（默认为耕地、园地、林地、草地，或拟修复方向对应的地类）中的调查面积占图斑椭球面积的比例。残留损毁：仍为采矿用地或裸地的调查面积。调查面积按图斑的图斑面积以平面面积比例分摊。损毁类型（挖损/压占/塌陷）由图斑的损毁单元确定（设置 ▸ 损毁类型）。

修复状态：“已验收”只依据图斑的验收记录；否则取登记的修复状态与调查佐证中较高者：达到修复规则阈值为“已修复(待验收)”，发现部分修复为“修复中”。未找到国家层面的数值标准：随插件提供的阈值（已修复不低于 80%、残留损毁不超过 10%）为待核对的默认值，已在 设置 ▸ 矿山修复规则表 中标注，可在那里填写本地取值（或为单次运行指定规则文件）。转型利用只按拟修复用途判断；未填时为“待核实”，不判为“未修复”。

清零优先：与生态保护红线或永久基本农田重叠的图斑。汇总表按县给出各修复状态的个数以及按个数和按面积计的完成率。</translation>
        </message>
        <message>
            <location filename="../processing/mine_rehabilitation.py" />
            <source>Legacy-mine patches (历史遗留矿山图斑)</source>
            <translation>历史遗留矿山核查图斑</translation>
        </message>
        <message>
            <location filename="../processing/mine_rehabilitation.py" />
            <source>Mine patches with rehabilitation status</source>
            <translation>矿山图斑修复状态</translation>
        </message>
        <message>
            <location filename="../processing/mine_rehabilitation.py" />
            <source>Completion by county</source>
            <translation>分县完成情况</translation>
        </message>
        <message>
            <location filename="../processing/mine_rehabilitation.py" />
            <source>Unknown code or text values</source>
            <translation>无法识别的代码或文本值个数</translation>
        </message>
        <message>
            <location filename="../processing/mine_rehabilitation.py" />
            <source>Patches without DLTB overlap</source>
            <translation>与地类图斑无重叠的图斑数</translation>
        </message>
        <message>
            <location filename="../processing/mine_rehabilitation.py" />
            <source>Code table: {0}</source>
            <translation>代码表：{0}</translation>
        </message>
        <message>
            <location filename="../processing/mine_rehabilitation.py" />
            <source>mine patches</source>
            <translation>矿山图斑</translation>
        </message>
        <message>
            <location filename="../processing/mine_rehabilitation.py" />
            <source>Field {0} not found (accepted names: {1}); its rules are skipped.</source>
            <translation>未找到字段 {0}（可接受的字段名：{1}）；跳过相关规则。</translation>
        </message>
        <message>
            <location filename="../processing/mine_rehabilitation.py" />
            <source>red line</source>
            <translation>生态保护红线</translation>
        </message>
        <message>
            <location filename="../processing/mine_rehabilitation.py" />
            <source>basic farmland</source>
            <translation>永久基本农田</translation>
        </message>
        <message>
            <location filename="../processing/mine_rehabilitation.py" />
            <source>Patches by status: {0}</source>
            <translation>各修复状态图斑数：{0}</translation>
        </message>
        <message>
            <location filename="../processing/mine_rehabilitation.py" />
            <source>Priority patches (red line or basic farmland): {0}</source>
            <translation>清零优先图斑（位于生态保护红线或永久基本农田）：{0}</translation>
        </message>
        <message>
            <location filename="../processing/mine_rehabilitation.py" />
            <source>{0} patches have no DLTB overlap: kept and flagged.</source>
            <translation>{0} 个图斑与地类图斑无重叠：已保留并标记。</translation>
        </message>
        <message>
            <location filename="../processing/mine_rehabilitation.py" />
            <source>{0} unknown code or text values kept and flagged:</source>
            <translation>{0} 个无法识别的代码或文本值已保留并标记：</translation>
        </message>
        <message>
            <location filename="../processing/mine_rehabilitation.py" />
            <source>{0}: {1}/{2} patches completed ({3} %), {4:.2f}/{5:.2f} 亩 ({6} %).</source>
            <translation>{0}：已完成 {1}/{2} 个图斑（{3} %），{4:.2f}/{5:.2f} 亩（{6} %）。</translation>
        </message>
        <message>
            <location filename="../processing/outputs.py" />
            <source>the folder {0} does not exist</source>
            <translation>文件夹 {0} 不存在</translation>
        </message>
        <message>
            <location filename="../processing/outputs.py" />
            <source>{0} is a folder</source>
            <translation>{0} 是文件夹</translation>
        </message>
        <message>
            <location filename="../processing/outputs.py" />
            <source>{0} is not writable</source>
            <translation>{0} 不可写</translation>
        </message>
        <message>
            <location filename="../processing/overlaps.py" />
            <source>Proceed when survey parcels overlap (the overlap is reported)</source>
            <translation>调查图斑重叠时仍继续（报告重叠）</translation>
        </message>
        <message>
            <location filename="../processing/overlaps.py" />
            <source>{0}: {1} pairs of parcels overlap, {2:.2f} m² in all (largest: {3}). The survey is not a partition (a township appended twice, merged sheets?): the overlapping ground would be counted twice.</source>
            <translation>{0}：有 {1} 对图斑相互重叠，共 {2:.2f} 平方米（最大的：{3}）。该调查数据不是无缝无重叠的划分（某乡镇被追加了两次、图幅合并？）：重叠部分会被重复计算。</translation>
        </message>
        <message>
            <location filename="../processing/overlaps.py" />
            <source>Remove the duplicates or overlaps (e.g. Vector ▸ Delete duplicate geometries) and run again, or check 'Proceed when survey parcels overlap' to continue with the overlap flagged in the output.</source>
            <translation>请删除重复或重叠的图斑（如“矢量 ▸ 删除重复几何”）后重新运行，或勾选“调查图斑重叠时仍继续”，在结果中标记重叠后继续。</translation>
        </message>
        <message>
            <location filename="../processing/overlaps.py" />
            <source>Proceeding as asked: the affected features are flagged.</source>
            <translation>按要求继续：受影响的要素已标记。</translation>
        </message>
        <message>
            <location filename="../processing/provider.py" />
            <source>Land Supervision (natural-resources supervision)</source>
            <translation>自然资源督察</translation>
        </message>
        <message>
            <location filename="../processing/provider.py" />
            <source>Algorithm {0} not loaded: {1}</source>
            <translation>算法 {0} 未能加载：{1}</translation>
        </message>
        <message>
            <location filename="../processing/pushdown.py" />
            <source>Overlay on this computer even when the inputs are tables of one PostGIS database</source>
            <translation>即使输入均为同一 PostGIS 数据库中的表，也在本机叠加分析</translation>
        </message>
        <message>
            <location filename="../processing/pushdown.py" />
            <source>as asked</source>
            <translation>按参数要求</translation>
        </message>
        <message>
            <location filename="../processing/pushdown.py" />
            <source>the Python package psycopg2 is not installed</source>
            <translation>未安装 Python 包 psycopg2</translation>
        </message>
        <message>
            <location filename="../processing/pushdown.py" />
            <source>the tables are on different databases</source>
            <translation>各表不在同一数据库</translation>
        </message>
        <message>
            <location filename="../processing/pushdown.py" />
            <source>the overlay works in a CRS other than the table's ({0})</source>
            <translation>叠加分析所用坐标系与该表（{0}）不同</translation>
        </message>
        <message>
            <location filename="../processing/pushdown.py" />
            <source>the tables' coordinate systems are on different datums</source>
            <translation>各表坐标系的大地基准不同</translation>
        </message>
        <message>
            <location filename="../processing/pushdown.py" />
            <source>Overlay {0}: PostGIS tables read and overlaid on this computer ({1}).</source>
            <translation>叠加 {0}：PostGIS 表读取到本机叠加（{1}）。</translation>
        </message>
        <message>
            <location filename="../processing/pushdown.py" />
            <source>Overlay {0}: runs on the PostGIS server.</source>
            <translation>叠加 {0}：在 PostGIS 服务器上运行。</translation>
        </message>
        <message>
            <location filename="../processing/pushdown.py" />
            <source>The PostGIS server could not run the overlay ({0}); run again with the advanced option to overlay on this computer.</source>
            <translation>PostGIS 服务器无法执行叠加分析（{0}）；请勾选“在本机叠加分析”高级选项后重新运行。</translation>
        </message>
        <message>
            <location filename="../processing/pushdown.py" />
            <source>Could not connect to the PostGIS server of {0}: {1}</source>
            <translation>无法连接 {0} 所在的 PostGIS 服务器：{1}</translation>
        </message>
        <message>
            <location filename="../processing/pushdown.py" />
            <source>The PostGIS session ended before its rollback.</source>
            <translation>PostGIS 会话在回滚前已结束。</translation>
        </message>
        <message>
            <location filename="../processing/pushdown.py" />
            <source>The PostGIS server returned features that were not read locally; run again with the overlay on this computer.</source>
            <translation>PostGIS 服务器返回了本机未读取的要素；请改为在本机叠加分析后重新运行。</translation>
        </message>
        <message>
            <location filename="../processing/pushdown.py" />
            <source>{0}: {1} invalid geometries repaired (ST_MakeValid, on the server) {2}.</source>
            <translation>{0}：{2}有 {1} 个无效几何已在服务器上修复（ST_MakeValid）。</translation>
        </message>
        <message>
            <location filename="../processing/pushdown.py" />
            <source>among the features used</source>
            <translation>所用要素中</translation>
        </message>
        <message>
            <location filename="../processing/pushdown.py" />
            <source>{0}: {1} features met on the server.</source>
            <translation>{0}：服务器上有 {1} 个要素参与叠加。</translation>
        </message>
        <message>
            <location filename="../processing/pushdown.py" />
            <source>in the layer</source>
            <translation>图层中</translation>
        </message>
        <message>
            <location filename="../processing/pushdown.py" />
            <source>{0}: {1} features read on the server.</source>
            <translation>{0}：在服务器上读取 {1} 个要素（不含几何）。</translation>
        </message>
        <message>
            <location filename="../processing/region_names.py" />
            <source>not a 6-, 9- or 12-digit region code</source>
            <translation>不是 6、9 或 12 位行政区代码</translation>
        </message>
        <message>
            <location filename="../processing/region_names.py" />
            <source>no name</source>
            <translation>没有名称</translation>
        </message>
        <message>
            <location filename="../processing/region_names.py" />
            <source>a second, different name of a code named above</source>
            <translation>同一代码在前面已有不同的名称</translation>
        </message>
        <message>
            <location filename="../processing/region_names.py" />
            <source>Region names table</source>
            <translation>行政区名称表</translation>
        </message>
        <message>
            <location filename="../processing/region_names.py" />
            <source>A table of region codes and names. Empty: the table chosen in the settings (Region names), the names in the data and the shipped table.</source>
            <translation>行政区代码与名称表。留空：使用设置（行政区名称）中选定的表、数据自带的名称和插件自带的表。</translation>
        </message>
        <message>
            <location filename="../processing/region_names.py" />
            <source>empty</source>
            <translation>空</translation>
        </message>
        <message>
            <location filename="../processing/region_names.py" />
            <source> and {0} more</source>
            <translation> 等另外 {0} 处</translation>
        </message>
        <message>
            <location filename="../processing/region_names.py" />
            <source>{0}: {1}{2}: {3}; not used.</source>
            <translation>{0}：{1}{2}：{3}；未使用。</translation>
        </message>
        <message>
            <location filename="../processing/region_names.py" />
            <source>row {0} ({1})</source>
            <translation>第 {0} 行（{1}）</translation>
        </message>
        <message>
            <location filename="../processing/region_names.py" />
            <source>Region names table of the settings ({0})</source>
            <translation>设置中的行政区名称表（{0}）</translation>
        </message>
        <message>
            <location filename="../processing/region_names.py" />
            <source>Choose it again in the settings (Region names), or clear the entry.</source>
            <translation>请在设置（行政区名称）中重新选择，或清空该项。</translation>
        </message>
        <message>
            <location filename="../processing/region_names.py" />
            <source>{0} does not exist: its names are not used. {1}</source>
            <translation>{0} 不存在：未使用其中的名称。{1}</translation>
        </message>
        <message>
            <location filename="../processing/region_names.py" />
            <source>{0} cannot be read as a table: its names are not used. {1}</source>
            <translation>{0} 无法作为表读取：未使用其中的名称。{1}</translation>
        </message>
        <message>
            <location filename="../processing/region_names.py" />
            <source>{0} Its names are not used. {1}</source>
            <translation>{0}未使用其中的名称。{1}</translation>
        </message>
        <message>
            <location filename="../processing/region_names.py" />
            <source>Settings ▸ Region names</source>
            <translation>设置 ▸ 行政区名称</translation>
        </message>
        <message>
            <location filename="../processing/region_names.py" />
            <source>entry {1}</source>
            <translation>条目 {1}</translation>
        </message>
        <message>
            <location filename="../processing/shapefile_text.py" />
            <source>Detect</source>
            <translation>自动识别</translation>
        </message>
        <message>
            <location filename="../processing/shapefile_text.py" />
            <source>GBK / GB18030</source>
            <translation>GBK / GB18030</translation>
        </message>
        <message>
            <location filename="../processing/shapefile_text.py" />
            <source>UTF-8</source>
            <translation>UTF-8</translation>
        </message>
        <message>
            <location filename="../processing/shapefile_text.py" />
            <source>As declared by the .cpg or DBF code page</source>
            <translation>按 .cpg 或 DBF 代码页的声明</translation>
        </message>
        <message>
            <location filename="../processing/shapefile_text.py" />
            <source>Text encoding of shapefile inputs</source>
            <translation>Shapefile 输入的文本编码</translation>
        </message>
        <message>
            <location filename="../processing/shapefile_text.py" />
            <source>Detect: the .cpg file, then the DBF code page, then the text itself.</source>
            <translation>自动识别：依次按 .cpg 文件、DBF 代码页、文本内容判断。</translation>
        </message>
        <message>
            <location filename="../processing/shapefile_text.py" />
            <source>{0}: the text of {1} cannot be read as {2}; choose its encoding in 'Text encoding of shapefile inputs' (or add a .cpg file).</source>
            <translation>{0}：{1} 的文本无法按 {2} 读取；请在“Shapefile 输入的文本编码”中选择其编码（或添加 .cpg 文件）。</translation>
        </message>
        <message>
            <location filename="../processing/shapefile_text.py" />
            <source>any declared encoding</source>
            <translation>任何已声明的编码</translation>
        </message>
        <message>
            <location filename="../processing/shapefile_text.py" />
            <source>no encoding is declared</source>
            <translation>未声明编码</translation>
        </message>
        <message>
            <location filename="../processing/shapefile_text.py" />
            <source>the declared {0} does not fit its text</source>
            <translation>声明的 {0} 与其文本不符</translation>
        </message>
        <message>
            <location filename="../processing/shapefile_text.py" />
            <source>{0}: {1} for {2}, whose text reads as {3}: read as {3}. Add a .cpg file saying {4} (or choose the encoding in 'Text encoding of shapefile inputs') to make this explicit.</source>
            <translation>{0}：{2} {1}，其文本可按 {3} 读取：已按 {3} 读取。请添加内容为 {4} 的 .cpg 文件（或在“Shapefile 输入的文本编码”中选择编码）以明确指定。</translation>
        </message>
        <message>
            <location filename="../processing/shapefile_text.py" />
            <source>{0}: selected features are read as declared; to read them as {1}, save the selection or add a .cpg file.</source>
            <translation>{0}：所选要素按声明的编码读取；如需按 {1} 读取，请保存所选要素或添加 .cpg 文件。</translation>
        </message>
        <message>
            <location filename="../processing/store_export.py" />
            <source>The ledger store {0} does not exist: export a ledger with this STORE first.</source>
            <translation>台账库 {0} 不存在：请先用该台账库（STORE）导出台账。</translation>
        </message>
        <message>
            <location filename="../processing/store_export.py" />
            <source>{0} is not a ledger store (a GeoPackage with ledger_items, ledger_changes and ledger_imports).</source>
            <translation>{0} 不是台账库（应为含 ledger_items、ledger_changes 和 ledger_imports 的 GeoPackage）。</translation>
        </message>
        <message>
            <location filename="../processing/store_export.py" />
            <source>{0} already exists.</source>
            <translation>{0} 已存在。</translation>
        </message>
        <message>
            <location filename="../processing/store_export.py" />
            <source>The ledger store {0} could not be created: check the folder.</source>
            <translation>无法创建台账库 {0}：请检查文件夹。</translation>
        </message>
        <message>
            <location filename="../processing/store_export.py" />
            <source>The ledger store {0} could not be written ({1}); nothing was changed.</source>
            <translation>无法写入台账库 {0}（{1}）；未作任何修改。</translation>
        </message>
        <message>
            <location filename="../processing/store_export.py" />
            <source>{0} is not a returned ledger of this plugin (its hidden sheet _ledger_meta is missing): export the ledger with a STORE and send that workbook.</source>
            <translation>{0} 不是本插件导出的回执台账（缺少隐藏工作表 _ledger_meta）：请用台账库（STORE）导出台账并下发该工作簿。</translation>
        </message>
        <message>
            <location filename="../processing/store_export.py" />
            <source>{0}: no sheet has the hidden key column '{1}'; the detail sheet may have been copied into a new workbook without it.</source>
            <translation>{0}：没有工作表含隐藏的台账项键列“{1}”；明细表可能被复制到了不含该列的新工作簿。</translation>
        </message>
        <message>
            <location filename="../processing/store_export.py" />
            <source>{0} cannot be read as an .xlsx workbook ({1}).</source>
            <translation>{0} 无法作为 .xlsx 工作簿读取（{1}）。</translation>
        </message>
        <message>
            <location filename="../processing/store_export.py" />
            <source>{0}: the hidden sheet {1} was edited and cannot be read. Copy the teams' entries into an untouched copy of the ledger that was sent, and import that copy.</source>
            <translation>{0}：隐藏工作表 {1} 被修改，无法读取。请将各单位填写的内容抄入下发台账的未改动副本，再导入该副本。</translation>
        </message>
        <message>
            <location filename="../processing/store_export.py" />
            <source>{0} belongs to ledger '{1}', which is not in the store {2}.</source>
            <translation>{0} 属于台账“{1}”，该台账不在台账库 {2} 中。</translation>
        </message>
        <message>
            <location filename="../processing/store_export.py" />
            <source>The returned files belong to different ledgers ({0}): import them separately.</source>
            <translation>回执文件属于不同台账（{0}）：请分别导入。</translation>
        </message>
        <message>
            <location filename="../processing/store_export.py" />
            <source>Key field {0} is not a field of the layer.</source>
            <translation>台账项键字段 {0} 不是该图层的字段。</translation>
        </message>
        <message>
            <location filename="../processing/store_export.py" />
            <source>No key field found (tried {0}): the items get generated keys in export order. A re-verification cannot be matched to these items; choose KEY_FIELD if the layer has an identifier.</source>
            <translation>未找到台账项键字段（已尝试 {0}）：按导出顺序生成台账项键。之后的复核无法与这些台账项对应；图层若有编号字段，请在 KEY_FIELD 中选择。</translation>
        </message>
        <message>
            <location filename="../processing/store_export.py" />
            <source>{0} features have no value in the key field {1}: fill it in or choose another KEY_FIELD.</source>
            <translation>{0} 个要素的台账项键字段 {1} 为空：请补全或选择其他 KEY_FIELD。</translation>
        </message>
        <message>
            <location filename="../processing/store_export.py" />
            <source>The key field {0} does not identify the items: {1} values occur more than once ({2}). Choose a unique KEY_FIELD (for 图斑编号 unique only within a village, a field combining 坐落单位代码 and 图斑编号, or BSM).</source>
            <translation>台账项键字段 {0} 不能唯一标识台账项：{1} 个值重复出现（{2}）。请选择唯一的 KEY_FIELD（图斑编号仅在村内唯一时，可用坐落单位代码与图斑编号组合的字段，或 BSM）。</translation>
        </message>
        <message>
            <location filename="../processing/store_export.py" />
            <source>本周新增完成: the ledger store has no earlier export of this ledger (as of a date before {0}); the change is shown from the next export on.</source>
            <translation>本周新增完成：台账库中没有此台账截止日期早于 {0} 的导出记录，自下次导出起显示较上次导出的变化。</translation>
        </message>
        <message>
            <location filename="../processing/store_export.py" />
            <source>本周新增完成: the ledger store was written by an earlier version and has no export history yet; the change is shown from the next export on.</source>
            <translation>本周新增完成：台账库由早期版本写入，尚无导出记录，自下次导出起显示较上次导出的变化。</translation>
        </message>
        <message>
            <location filename="../processing/store_export.py" />
            <source>本周新增完成: not shown, the items have keys made up in export order; choose the item key field, or export the store's ledger items layer.</source>
            <translation>本周新增完成：未显示，图斑按导出顺序编号；请选择台账项键字段，或导出台账库的台账项图层。</translation>
        </message>
        <message>
            <location filename="../processing/store_export.py" />
            <source>本周新增完成: {0} items completed since the export as of {1} (exported {2}).</source>
            <translation>本周新增完成：较截止日期 {1} 的导出(导出于 {2})新增完成 {0} 个图斑。</translation>
        </message>
        <message>
            <location filename="../processing/store_export.py" />
            <source>{0} items were not in the export as of {1} and are not counted as newly completed.</source>
            <translation>{0} 个图斑不在截止日期 {1} 的导出中，不计入新增完成。</translation>
        </message>
        <message>
            <location filename="../processing/store_export.py" />
            <source>{0} items done at the export as of {1} are no longer done ({2}): check their {3}.</source>
            <translation>{0} 个图斑在截止日期 {1} 的导出中已完成，本次不再是已完成({2})：请核对其{3}。</translation>
        </message>
        <message>
            <location filename="../processing/store_export.py" />
            <source>{0} values did not fit the store's field types and were stored empty.</source>
            <translation>{0} 个值与台账库字段类型不符，已存为空值。</translation>
        </message>
        <message>
            <location filename="../processing/store_export.py" />
            <source>Ledger store {0}: {1} new items, {2} items refreshed ({3} analysis values changed); the teams' columns were kept.</source>
            <translation>台账库 {0}：新增 {1} 个台账项，更新 {2} 个台账项（分析值变化 {3} 处）；各单位填报的列保持不变。</translation>
        </message>
        <message>
            <location filename="../processing/store_export.py" />
            <source>The store holds several ledgers: only the {0} items of ledger '{1}' are exported ({2} others skipped; select them or filter by ledger_id to export them).</source>
            <translation>台账库中有多本台账：只导出台账“{1}”的 {0} 个台账项（跳过其他 {2} 个；如需导出，请选中它们或按 ledger_id 筛选）。</translation>
        </message>
        <message>
            <location filename="../processing/store_export.py" />
            <source>The ledger store {0} could not be read ({1}).</source>
            <translation>无法读取台账库 {0}({1})。</translation>
        </message>
        <message>
            <location filename="../processing/widgets.py" />
            <source>Ticked because you confirmed replacing {0} in the file dialog.</source>
            <translation>已勾选：您已在文件对话框中确认替换 {0}。</translation>
        </message>
        <message>
            <location filename="../settings.py" />
            <source>a number</source>
            <translation>数字</translation>
        </message>
        <message>
            <location filename="../settings.py" />
            <source>text</source>
            <translation>文本</translation>
        </message>
        <message>
            <location filename="../settings.py" />
            <source>true or false</source>
            <translation>是/否（true 或 false）</translation>
        </message>
        <message>
            <location filename="../settings.py" />
            <source>a list</source>
            <translation>列表</translation>
        </message>
        <message>
            <location filename="../settings.py" />
            <source>a table</source>
            <translation>表</translation>
        </message>
        <message>
            <location filename="../settings.py" />
            <source>a number, true/false or a list</source>
            <translation>数字、true/false 或列表</translation>
        </message>
        <message>
            <location filename="../settings.py" />
            <source>unknown entry</source>
            <translation>未知条目</translation>
        </message>
        <message>
            <location filename="../settings.py" />
            <source>must not be negative</source>
            <translation>不能为负数</translation>
        </message>
        <message>
            <location filename="../settings.py" />
            <source>the file cannot be read ({0})</source>
            <translation>文件无法读取（{0}）</translation>
        </message>
        <message>
            <location filename="../settings.py" />
            <source>must be one of {0}</source>
            <translation>必须是以下之一：{0}</translation>
        </message>
        <message>
            <location filename="../settings.py" />
            <source>must be a number or a fraction such as 1/3, above 0 and at most 1</source>
            <translation>必须是大于 0 且不超过 1 的数字或分数（如 1/3）</translation>
        </message>
        <message>
            <location filename="../settings.py" />
            <source>expected {0}</source>
            <translation>应为{0}</translation>
        </message>
        <message>
            <location filename="../settings.py" />
            <source>Settings {0}, entry {1}: {2}; the default is used.</source>
            <translation>设置 {0}，条目 {1}：{2}；已使用默认值。</translation>
        </message>
        <message>
            <location filename="../translate.py" />
            <source>Close QGIS, open the OSGeo4W Shell (Start menu, in the QGIS folder) and run: {0}</source>
            <translation>请关闭 QGIS，打开 OSGeo4W Shell（开始菜单的 QGIS 文件夹中），运行：{0}</translation>
        </message>
        <message>
            <location filename="../translate.py" />
            <source>Install the distribution's packages: {0}</source>
            <translation>请安装发行版自带的软件包：{0}</translation>
        </message>
        <message>
            <location filename="../translate.py" />
            <source>Install them with: {0}</source>
            <translation>请用以下命令安装：{0}</translation>
        </message>
    </context>
</TS>

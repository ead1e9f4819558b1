<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ja_JP">
<context>
    <name>ApprovalPage</name>
    <message>
        <location filename="../../app/views/approval_page.py" line="95"/>
        <source>賦課年度</source>
        <translation>Tax year</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="99"/>
        <source>一覧を更新（F5）</source>
        <translation>Refresh list (F5)</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="143"/>
        <source>変更内容（入力・税額）</source>
        <translation>Changes (inputs and tax)</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="150"/>
        <source>計算根拠（提案）</source>
        <translation>Calculation basis (proposal)</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="154"/>
        <source>宛名番号</source>
        <translation>Person no.</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="157"/>
        <source>番号を入力して Enter</source>
        <translation>Number, then Enter</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="160"/>
        <source>（どの方の履歴も表示できます。版を選ぶと前の版との差分）</source>
        <translation>(any person&apos;s history; select a version to see what changed from the one before)</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="184"/>
        <source>版の履歴</source>
        <translation>Version history</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="188"/>
        <source>コメント</source>
        <translation>Comment</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="191"/>
        <source>差し戻しの場合は理由を必ず入力</source>
        <translation>Required when returning: the reason</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="193"/>
        <source>承認（Ctrl+Enter）</source>
        <translation>Approve (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="196"/>
        <source>差し戻し</source>
        <translation>Return</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="199"/>
        <source>税額変更通知書を保存…</source>
        <translation>Save tax change notice…</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="212"/>
        <source>承認には承認者（r_approver）の権限が必要です。版の履歴は表示できます。</source>
        <translation>Approving needs the approver (r_approver) permission. The version history can be shown.</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="233"/>
        <source>承認待ち {0}件</source>
        <translation>{0} waiting for approval</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="256"/>
        <source>提案 {0}（{1}）&#x3000;{2}&#x3000;{3}生&#x3000;提案者 {4}&#x3000;理由: {5}</source>
        <translation>Proposal {0} ({1})  {2}  born {3}  proposed by {4}  reason: {5}</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="257"/>
        <source>更正</source>
        <translation>Correction</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="257"/>
        <source>登録</source>
        <translation>Registration</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="267"/>
        <source>ご自身の提案は承認・差し戻しできません。別の職員が判断します。</source>
        <translation>You cannot approve or return your own proposal; another staff member decides.</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="276"/>
        <source>宛名番号は数字で入力してください。</source>
        <translation>Enter the person number in digits.</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="289"/>
        <source>この方のこの年度には、まだ版の記録がありません。</source>
        <translation>No versions are recorded for this person and year yet.</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="290"/>
        <source>版 {0}件</source>
        <translation>{0} versions</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="329"/>
        <source>承認しました（版 {0}、年税額 {1}円）。</source>
        <translation>Approved (version {0}, annual tax {1} yen).</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="333"/>
        <source>税額が変わったため税額変更通知書（第{0}号）を作成しました。保存して送付してください。</source>
        <translation>The tax changed, so tax change notice no. {0} was created. Save it and send it.</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="347"/>
        <source>差し戻しの理由をコメント欄に入力してください。</source>
        <translation>Enter the reason for returning in the comment.</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="358"/>
        <source>提案 {0} を差し戻しました。</source>
        <translation>Proposal {0} returned.</translation>
    </message>
</context>
<context>
    <name>Areas</name>
    <message>
        <location filename="../../app/views/areas.py" line="34"/>
        <source>照会</source>
        <translation>Inquiry</translation>
    </message>
    <message>
        <location filename="../../app/views/areas.py" line="35"/>
        <source>課税内容照会</source>
        <translation>Assessment inquiry</translation>
    </message>
    <message>
        <location filename="../../app/views/areas.py" line="36"/>
        <source>事業所照会</source>
        <translation>Employers</translation>
    </message>
    <message>
        <location filename="../../app/views/areas.py" line="37"/>
        <source>特別徴収事業所照会</source>
        <translation>Employer withholding inquiry</translation>
    </message>
    <message>
        <location filename="../../app/views/areas.py" line="38"/>
        <source>賦課</source>
        <translation>Assessment</translation>
    </message>
    <message>
        <location filename="../../app/views/areas.py" line="39"/>
        <source>申告・報告書入力</source>
        <translation>Returns and reports</translation>
    </message>
    <message>
        <location filename="../../app/views/areas.py" line="40"/>
        <source>承認待ち</source>
        <translation>Awaiting approval</translation>
    </message>
    <message>
        <location filename="../../app/views/areas.py" line="41"/>
        <source>減免</source>
        <translation>Reductions</translation>
    </message>
    <message>
        <location filename="../../app/views/areas.py" line="42"/>
        <source>給与支払報告書取込</source>
        <translation>Salary report import</translation>
    </message>
    <message>
        <location filename="../../app/views/areas.py" line="43"/>
        <source>扶養調査</source>
        <translation>Dependant check</translation>
    </message>
    <message>
        <location filename="../../app/views/areas.py" line="44"/>
        <source>一括計算</source>
        <translation>Batch assessment</translation>
    </message>
    <message>
        <location filename="../../app/views/areas.py" line="46"/>
        <source>特別徴収</source>
        <translation>Special collection</translation>
    </message>
    <message>
        <location filename="../../app/views/areas.py" line="47"/>
        <source>特別徴収義務者</source>
        <translation>Withholding employers</translation>
    </message>
    <message>
        <location filename="../../app/views/areas.py" line="48"/>
        <source>異動届出書</source>
        <translation>Change notices</translation>
    </message>
    <message>
        <location filename="../../app/views/areas.py" line="49"/>
        <source>税額決定通知書</source>
        <translation>Tax notices</translation>
    </message>
    <message>
        <location filename="../../app/views/areas.py" line="51"/>
        <source>証明</source>
        <translation>Certificates</translation>
    </message>
    <message>
        <location filename="../../app/views/areas.py" line="52"/>
        <source>証明書交付</source>
        <translation>Issue certificates</translation>
    </message>
    <message>
        <location filename="../../app/views/areas.py" line="53"/>
        <source>交付台帳</source>
        <translation>Issuance ledger</translation>
    </message>
    <message>
        <location filename="../../app/views/areas.py" line="54"/>
        <source>真正性確認</source>
        <translation>Verify a certificate</translation>
    </message>
    <message>
        <location filename="../../app/views/areas.py" line="56"/>
        <source>管理</source>
        <translation>Administration</translation>
    </message>
    <message>
        <location filename="../../app/views/areas.py" line="57"/>
        <source>職員カード管理</source>
        <translation>Staff cards</translation>
    </message>
    <message>
        <location filename="../../app/views/areas.py" line="58"/>
        <location filename="../../app/views/areas.py" line="59"/>
        <source>操作ログ</source>
        <translation>Audit log</translation>
    </message>
</context>
<context>
    <name>AssessmentTab</name>
    <message>
        <location filename="../../app/views/person_view.py" line="71"/>
        <source>所得</source>
        <translation>Income</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="74"/>
        <source>給与</source>
        <translation>Salary</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="75"/>
        <source>公的年金等</source>
        <translation>Public pensions</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="76"/>
        <source>営業等</source>
        <translation>Business</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="77"/>
        <source>農業</source>
        <translation>Agriculture</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="78"/>
        <source>不動産</source>
        <translation>Real estate</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="79"/>
        <source>利子</source>
        <translation>Interest</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="80"/>
        <source>配当</source>
        <translation>Dividends</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="81"/>
        <source>その他の雑所得</source>
        <translation>Other miscellaneous</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="83"/>
        <source>収入 </source>
        <translation>revenue </translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="84"/>
        <source>所得 </source>
        <translation>income </translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="86"/>
        <source>合計所得金額</source>
        <translation>Total income</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="88"/>
        <source>総所得金額等</source>
        <translation>Income base (総所得金額等)</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="92"/>
        <source>所得控除</source>
        <translation>Income deductions</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="96"/>
        <source>所得控除合計</source>
        <translation>Total deductions</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="97"/>
        <source>課税総所得金額</source>
        <translation>Taxable income</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="102"/>
        <source>税額</source>
        <translation>Tax</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="104"/>
        <source>市民税 所得割</source>
        <translation>Municipal income levy</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="105"/>
        <source>市民税 均等割</source>
        <translation>Municipal per-capita levy</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="106"/>
        <source>県民税 所得割</source>
        <translation>Prefectural income levy</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="107"/>
        <source>県民税 均等割</source>
        <translation>Prefectural per-capita levy</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="108"/>
        <source>森林環境税</source>
        <translation>Forest environment tax</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="111"/>
        <source>年税額</source>
        <translation>Annual tax</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="116"/>
        <source>徴収方法: {0}</source>
        <translation>Collection: {0}</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="121"/>
        <source>{0}月分</source>
        <translation>{0} (month)</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="122"/>
        <source>第{0}期</source>
        <translation>Instalment {0}</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="129"/>
        <source>納期ごとの税額はありません。</source>
        <translation>No instalments.</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="130"/>
        <source>年金特別徴収の納期は年金特別徴収の業務画面で扱います。</source>
        <translation>Pension withholding instalments are handled in the pension collection work.</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="132"/>
        <source>特別徴収義務者: {0}（{1}）</source>
        <translation>Withholding employer: {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="136"/>
        <source>計算根拠</source>
        <translation>Calculation basis</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="156"/>
        <source>{0}（{1}年中の所得） 状態: {2} / {3}</source>
        <translation>{0} (income of {1}) status: {2} / {3}</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="159"/>
        <source> ※公式資料で未確認の税制パラメータを含みます</source>
        <translation> * includes tax parameters not yet confirmed from an official source</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="170"/>
        <source>給与特別徴収</source>
        <translation>Payroll withholding</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="171"/>
        <source>普通徴収</source>
        <translation>Ordinary collection</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="172"/>
        <source>年金特別徴収</source>
        <translation>Pension withholding</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="173"/>
        <source>給与特別徴収・普通徴収</source>
        <translation>Payroll withholding and ordinary</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="174"/>
        <source>年金特別徴収・普通徴収</source>
        <translation>Pension withholding and ordinary</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="175"/>
        <source>なし</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="178"/>
        <source>未計算</source>
        <translation>Not computed</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="179"/>
        <source>賦課決定済</source>
        <translation>Assessed</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="180"/>
        <source>通知済</source>
        <translation>Notified</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="183"/>
        <source>課税</source>
        <translation>Taxable</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="184"/>
        <source>非課税（均等割・所得割とも）</source>
        <translation>Non-taxable (both levies)</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="185"/>
        <source>所得割非課税</source>
        <translation>Income levy non-taxable</translation>
    </message>
</context>
<context>
    <name>AuditEventModel</name>
    <message>
        <location filename="../../app/views/audit_page.py" line="14"/>
        <source>宛名検索</source>
        <translation>Person search</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="15"/>
        <source>検索結果の続き</source>
        <translation>Further search results</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="16"/>
        <source>記録を止めた接続の切断</source>
        <translation>Session holding the audit log ended</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="17"/>
        <source>個人照会</source>
        <translation>Person read</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="18"/>
        <source>個人番号表示</source>
        <translation>My Number reveal</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="19"/>
        <source>課税内容照会</source>
        <translation>Assessment read</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="20"/>
        <source>世帯照会</source>
        <translation>Household read</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="21"/>
        <source>操作ログ閲覧</source>
        <translation>Audit log read</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="22"/>
        <source>職員登録</source>
        <translation>Staff registration</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="23"/>
        <source>端末登録</source>
        <translation>Terminal registration</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="24"/>
        <source>端末失効</source>
        <translation>Terminal revocation</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="25"/>
        <source>架空データ投入</source>
        <translation>Synthetic data load</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="30"/>
        <source>番号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="30"/>
        <source>日時</source>
        <translation>Date and time</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="31"/>
        <source>職員</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="31"/>
        <source>端末</source>
        <translation>Terminal</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="32"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="32"/>
        <source>宛名番号</source>
        <translation>Person No.</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="33"/>
        <source>目的</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="33"/>
        <source>結果</source>
        <translation>Result</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <location filename="../../app/views/audit_page.py" line="51"/>
        <source>改ざん検査を実行</source>
        <translation>Check for tampering</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="54"/>
        <source>最近7日間のログを表示</source>
        <translation>Show the last 7 days</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="58"/>
        <source>カード発行の承認(&amp;C)…</source>
        <translation>&amp;Card issue approvals…</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="85"/>
        <source>検査中…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="95"/>
        <source>正常: {0}件のログに改ざんはありません。</source>
        <translation>OK: no tampering in {0} log entries.</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="97"/>
        <source>異常: ログ番号 {0} で不整合（{1}）</source>
        <translation>BROKEN: inconsistency at log entry {0} ({1})</translation>
    </message>
</context>
<context>
    <name>BatchErrorModel</name>
    <message>
        <location filename="../../app/views/batch_page.py" line="43"/>
        <source>宛名番号</source>
        <translation>Person no.</translation>
    </message>
    <message>
        <location filename="../../app/views/batch_page.py" line="43"/>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>BatchPage</name>
    <message>
        <location filename="../../app/views/batch_page.py" line="65"/>
        <source>賦課年度</source>
        <translation>Tax year</translation>
    </message>
    <message>
        <location filename="../../app/views/batch_page.py" line="68"/>
        <source>一括計算を実行(&amp;R)</source>
        <translation>&amp;Run batch assessment</translation>
    </message>
    <message>
        <location filename="../../app/views/batch_page.py" line="69"/>
        <source>中止(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <location filename="../../app/views/batch_page.py" line="76"/>
        <source>%v / %m 件</source>
        <translation>%v / %m returns</translation>
    </message>
    <message>
        <location filename="../../app/views/batch_page.py" line="81"/>
        <source>申告・報告書の内容から、年度内の未通知の全件の税額を計算します。中断しても続きから再開できます。</source>
        <translation>Computes the tax of every return of the year not yet notified, from the returns and reports. An interrupted run resumes where it stopped.</translation>
    </message>
    <message>
        <location filename="../../app/views/batch_page.py" line="86"/>
        <source>年度の賦課状況</source>
        <translation>Assessments of the year</translation>
    </message>
    <message>
        <location filename="../../app/views/batch_page.py" line="89"/>
        <source>賦課件数</source>
        <translation>Returns</translation>
    </message>
    <message>
        <location filename="../../app/views/batch_page.py" line="89"/>
        <source>計算済み</source>
        <translation>Assessed</translation>
    </message>
    <message>
        <location filename="../../app/views/batch_page.py" line="90"/>
        <source>未計算・エラー</source>
        <translation>Not computed or refused</translation>
    </message>
    <message>
        <location filename="../../app/views/batch_page.py" line="90"/>
        <source>通知済み</source>
        <translation>Notified</translation>
    </message>
    <message>
        <location filename="../../app/views/batch_page.py" line="90"/>
        <location filename="../../app/views/batch_page.py" line="107"/>
        <source>課税</source>
        <translation>Taxable</translation>
    </message>
    <message>
        <location filename="../../app/views/batch_page.py" line="91"/>
        <location filename="../../app/views/batch_page.py" line="107"/>
        <source>所得割のみ非課税</source>
        <translation>Income levy exempt</translation>
    </message>
    <message>
        <location filename="../../app/views/batch_page.py" line="91"/>
        <location filename="../../app/views/batch_page.py" line="108"/>
        <source>非課税</source>
        <translation>Non-taxable</translation>
    </message>
    <message>
        <location filename="../../app/views/batch_page.py" line="92"/>
        <source>市民税 合計（円）</source>
        <translation>Municipal tax total (yen)</translation>
    </message>
    <message>
        <location filename="../../app/views/batch_page.py" line="92"/>
        <source>県民税 合計（円）</source>
        <translation>Prefectural tax total (yen)</translation>
    </message>
    <message>
        <location filename="../../app/views/batch_page.py" line="93"/>
        <source>森林環境税 合計（円）</source>
        <translation>Forest environment tax total (yen)</translation>
    </message>
    <message>
        <location filename="../../app/views/batch_page.py" line="94"/>
        <source>年税額 合計（円）</source>
        <translation>Annual tax total (yen)</translation>
    </message>
    <message>
        <location filename="../../app/views/batch_page.py" line="106"/>
        <source>件数</source>
        <translation>Returns</translation>
    </message>
    <message>
        <location filename="../../app/views/batch_page.py" line="111"/>
        <source>計算できなかった申告（前回の実行）</source>
        <translation>Returns that could not be computed (last run)</translation>
    </message>
    <message>
        <location filename="../../app/views/batch_page.py" line="150"/>
        <source>{0}の一括計算を実行しています…</source>
        <translation>Running the batch assessment for {0}…</translation>
    </message>
    <message>
        <location filename="../../app/views/batch_page.py" line="158"/>
        <source>中止しています（処理中のまとまりを保存してから止まります）…</source>
        <translation>Stopping (after storing the chunk in hand)…</translation>
    </message>
    <message>
        <location filename="../../app/views/batch_page.py" line="182"/>
        <source>{0}の一括計算を中止しました。計算済み {1:,}件は保存されています。再実行すると続きから計算します。</source>
        <translation>Batch assessment for {0} cancelled. The {1:,} returns computed are stored; running it again continues where it stopped.</translation>
    </message>
    <message>
        <location filename="../../app/views/batch_page.py" line="184"/>
        <source>{0}の一括計算が終わりました。計算 {1:,}件、エラー {2:,}件、{3:.1f}秒。</source>
        <translation>Batch assessment for {0} finished: {1:,} computed, {2:,} errors, {3:.1f} s.</translation>
    </message>
</context>
<context>
    <name>CandidateModel</name>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="102"/>
        <source>宛名番号</source>
        <translation>Person no.</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="102"/>
        <source>氏名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="103"/>
        <source>フリガナ</source>
        <translation>Name (kana)</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="103"/>
        <source>生年月日</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="104"/>
        <source>住所</source>
        <translation>Address</translation>
    </message>
</context>
<context>
    <name>CardAdminPage</name>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="261"/>
        <source>職員カード管理</source>
        <translation>Staff cards</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="274"/>
        <source>一覧を更新 (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="275"/>
        <source>カード発行(&amp;I)…</source>
        <translation>&amp;Issue card…</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="276"/>
        <source>失効(&amp;R)…</source>
        <translation>&amp;Revoke…</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="277"/>
        <source>PINロック解除(&amp;U)…</source>
        <translation>&amp;Unblock PIN…</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="330"/>
        <source>発行用リーダー: デモのカードリーダー（画面内）</source>
        <translation>Issuing reader: the demo card reader (on screen)</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="332"/>
        <source>発行用リーダー: 設定されたカードリーダー</source>
        <translation>Issuing reader: the configured card reader</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="334"/>
        <source>発行用リーダー: ご自分のカードが入っていないカードリーダー。ご自分のカードは抜かないでください（抜くと画面がロックされます）。</source>
        <translation>Issuing reader: the card reader that does not hold your own card. Do not pull your own card (that locks the screen).</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="410"/>
        <source>カードを確認しています…</source>
        <translation>Checking the card…</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="411"/>
        <source>カードに書き込んでいます…（カードを抜かないでください）</source>
        <translation>Writing to the card… (do not pull the card)</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="412"/>
        <source>データベースに登録しています…</source>
        <translation>Registering in the database…</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="413"/>
        <source>カードを失効させています…</source>
        <translation>Revoking the card…</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="458"/>
        <source>職員 {0}（{1}）には有効なカード（{2}）があります。新しいカードの発行が承認されると、そのカードは失効します。続けますか？</source>
        <translation>Staff member {0} ({1}) has an active card ({2}). When the new card&apos;s issue is approved, that card is revoked. Continue?</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="485"/>
        <source>職員 {0} にカード（{1}）を発行しました。セキュリティ担当者が承認すると使えるようになります。鍵の指紋: {2}</source>
        <translation>Card {1} issued to staff member {0}. It can be used once a security officer approves it. Key fingerprint: {2}</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="457"/>
        <source>カード発行</source>
        <translation>Issue card</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="503"/>
        <source>カードの失効</source>
        <translation>Revoke card</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="504"/>
        <source>職員 {0}（{1}）のカード（{2}）を失効させます。このカードではログインできなくなり、元に戻せません。続けますか？</source>
        <translation>Revoke the card ({2}) of staff member {0} ({1})? It will no longer log in, and this cannot be undone. Continue?</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="511"/>
        <source>職員 {0} のカード（{1}）を失効させました。</source>
        <translation>The card ({1}) of staff member {0} is revoked.</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="545"/>
        <source>職員 {0} のカードのPINを再設定しました。新しいPINでログインできます。</source>
        <translation>The PIN of staff member {0}&apos;s card is reset. The new PIN logs in.</translation>
    </message>
</context>
<context>
    <name>CardApprovalDialog</name>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="703"/>
        <source>カード発行の承認</source>
        <translation>Approve card issues</translation>
    </message>
</context>
<context>
    <name>CertificateChecksModel</name>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="95"/>
        <source>依頼番号</source>
        <translation>Request no.</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="95"/>
        <source>依頼者</source>
        <translation>Requested by</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="96"/>
        <source>端末</source>
        <translation>Terminal</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="96"/>
        <source>氏名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="97"/>
        <source>種類</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="97"/>
        <source>年度</source>
        <translation>Tax year</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="98"/>
        <source>請求者</source>
        <translation>Requester</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="98"/>
        <source>通数</source>
        <translation>Copies</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="100"/>
        <source>本人確認書類</source>
        <translation>Identity document</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="101"/>
        <source>委任状</source>
        <translation>Power of attorney</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="102"/>
        <source>手数料免除</source>
        <translation>Fee exemption</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="103"/>
        <source>使用目的</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="109"/>
        <source>あり</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="109"/>
        <source>なし</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>CertificateLedgerModel</name>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="36"/>
        <source>交付</source>
        <translation>Issue</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="37"/>
        <source>再交付</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="38"/>
        <location filename="../../app/views/certificate_ledger_page.py" line="64"/>
        <source>無効</source>
        <translation>Void</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="39"/>
        <source>PDF記録</source>
        <translation>PDF recorded</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="40"/>
        <source>印刷</source>
        <translation>Printed</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="41"/>
        <source>印刷失敗</source>
        <translation>Print failed</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="42"/>
        <source>印刷中止</source>
        <translation>Print cancelled</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="47"/>
        <source>時刻</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="47"/>
        <source>区分</source>
        <translation>Event</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="48"/>
        <source>証明番号</source>
        <translation>Certificate no.</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="48"/>
        <source>状態</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="49"/>
        <source>種類</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="49"/>
        <source>年度</source>
        <translation>Tax year</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="50"/>
        <source>氏名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="50"/>
        <source>請求者</source>
        <translation>Requester</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="51"/>
        <source>本人確認</source>
        <translation>Identity document</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="52"/>
        <source>使用目的</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="53"/>
        <source>通数</source>
        <translation>Copies</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="53"/>
        <source>手数料</source>
        <translation>Fee</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="54"/>
        <source>免除理由</source>
        <translation>Exemption</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="54"/>
        <source>職員</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="55"/>
        <source>端末</source>
        <translation>Terminal</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="55"/>
        <source>詳細</source>
        <translation>Detail</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="64"/>
        <source>有効</source>
        <translation>Valid</translation>
    </message>
</context>
<context>
    <name>CertificateLedgerPage</name>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="135"/>
        <source>日付</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="140"/>
        <source>窓口</source>
        <translation>Counter</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="142"/>
        <source>すべての窓口</source>
        <translation>All counters</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="143"/>
        <source>この端末（{0}）</source>
        <translation>This terminal ({0})</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="145"/>
        <source>表示</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="148"/>
        <source>日報 PDF を保存</source>
        <translation>Save daily report PDF</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="159"/>
        <source>窓口別集計（レジ照合用）</source>
        <translation>Totals per counter (for the cash register)</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="170"/>
        <source>証明書交付台帳</source>
        <translation>Certificate issuance ledger</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="180"/>
        <source>無効にする理由（選択した証明書）</source>
        <translation>Reason for voiding (selected certificate)</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="182"/>
        <source>選択した証明書を無効にする</source>
        <translation>Void selected certificate</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="188"/>
        <source>確認待ちの請求（二人目の確認）</source>
        <translation>Requests awaiting a second check</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="193"/>
        <source>選択した請求を確認した</source>
        <translation>Confirm selected request</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="226"/>
        <source>合計: 交付 {0}件・{1}通、手数料 {2}円</source>
        <translation>Total: {0} issued, {1} copies, fees {2} yen</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="228"/>
        <source>{0}の記録 {1}件</source>
        <translation>{1} entries on {0}</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="236"/>
        <source>日報 PDF の保存先</source>
        <translation>Save the daily report PDF as</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="250"/>
        <source>日報を保存しました: {0}</source>
        <translation>Daily report saved: {0}</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="256"/>
        <source>無効にする証明書を台帳で選択してください。</source>
        <translation>Select the certificate to void in the ledger.</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="260"/>
        <source>無効にする理由を入力してください。</source>
        <translation>Enter the reason for voiding.</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="266"/>
        <source>証明番号 {0} を無効にしました。</source>
        <translation>Certificate {0} voided.</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="272"/>
        <source>確認する請求を選択してください。</source>
        <translation>Select the request to confirm.</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="276"/>
        <source>確認依頼 {0} を確認しました。</source>
        <translation>Check request {0} confirmed.</translation>
    </message>
</context>
<context>
    <name>CertificatePage</name>
    <message>
        <location filename="../../app/views/certificate_page.py" line="83"/>
        <source>対象者</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="86"/>
        <source>氏名・カナ・宛名番号を入力して Enter</source>
        <translation>Name, kana or person no., then Enter</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="96"/>
        <source>請求内容</source>
        <translation>Request</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="99"/>
        <source>証明書の種類(&amp;K)</source>
        <translation>Certificate &amp;kind</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="101"/>
        <source>年度(&amp;Y)</source>
        <translation>Tax &amp;year</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="104"/>
        <source>請求者(&amp;R)</source>
        <translation>&amp;Requester</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="106"/>
        <source>請求者の宛名番号（10桁）</source>
        <translation>Requester&apos;s person no. (10 digits)</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="107"/>
        <source>同一世帯員</source>
        <translation>Household member</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="108"/>
        <source>委任状を確認した</source>
        <translation>Power of attorney seen</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="109"/>
        <source>代理人</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="112"/>
        <source>請求した官公署名</source>
        <translation>Requesting public office</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="113"/>
        <source>官公署</source>
        <translation>Public office</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="115"/>
        <source>本人確認書類(&amp;D)</source>
        <translation>Identity &amp;document</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="117"/>
        <source>使用目的(&amp;P)</source>
        <translation>&amp;Purpose</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="120"/>
        <source> 通</source>
        <translation> copies</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="122"/>
        <source>通数(&amp;N)</source>
        <translation>&amp;Number of copies</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="125"/>
        <source>手数料免除</source>
        <translation>Fee exemption</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="128"/>
        <source>手数料</source>
        <translation>Fee</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="131"/>
        <source>プリンタ</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="135"/>
        <source>プレビュー (F5)</source>
        <translation>Preview (F5)</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="137"/>
        <source>確認を依頼</source>
        <translation>Ask for a check</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="139"/>
        <source>交付・印刷 (F9)</source>
        <translation>Issue and print (F9)</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="146"/>
        <source>交付後</source>
        <translation>After issuing</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="150"/>
        <source>再交付・中止の理由（用紙詰まり等）</source>
        <translation>Reason for reprint or cancellation (paper jam etc.)</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="152"/>
        <source>再交付</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="154"/>
        <source>印刷中止を記録</source>
        <translation>Record print cancelled</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="166"/>
        <source>プレビューはここに表示されます。</source>
        <translation>The preview appears here.</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="209"/>
        <source>なし（有料）</source>
        <translation>None (fee charged)</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="219"/>
        <source>（プリンタがありません）</source>
        <translation>(no printer)</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="226"/>
        <source>氏名・カナ・宛名番号を入力してください。</source>
        <translation>Enter a name, kana or person no.</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="239"/>
        <source>{0}人が見つかりました。</source>
        <translation>{0} found.</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="240"/>
        <source>該当する人はいません。</source>
        <translation>No one found.</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="252"/>
        <source>非課税</source>
        <translation>non-taxable</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="252"/>
        <source>課税</source>
        <translation>taxable</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="254"/>
        <source>未決定</source>
        <translation>not assessed</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="277"/>
        <source>{0}円（免除）</source>
        <translation>{0} yen (exempt)</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="277"/>
        <source>{0}円</source>
        <translation>{0} yen</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="289"/>
        <source>対象者を検索して選択してください。</source>
        <translation>Search for and select the person.</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="292"/>
        <source>この人には課税の記録がありません。</source>
        <translation>This person has no assessment on record.</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="298"/>
        <source>同一世帯員の宛名番号を10桁の数字で入力してください。</source>
        <translation>Enter the household member&apos;s person no. (10 digits).</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="321"/>
        <source>確認しています…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="330"/>
        <source>{0} {1}通 手数料{2}円。内容を確認して「交付・印刷」を押してください。</source>
        <translation>{0}, {1} copies, fee {2} yen. Check the content, then press &quot;Issue and print&quot;.</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="333"/>
        <source>この請求は別の職員の確認が必要です。「確認を依頼」を押してください。</source>
        <translation>This request needs a check by another staff member. Press &quot;Ask for a check&quot;.</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="347"/>
        <source>確認依頼 {0} を登録しました。別の職員が「交付台帳」画面で確認した後に交付できます。</source>
        <translation>Check request {0} registered. It can be issued once another staff member confirms it in the ledger screen.</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="352"/>
        <source>先にプレビューで内容を確認してください（F5）。</source>
        <translation>Check the content in the preview first (F5).</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="360"/>
        <source>交付しています…</source>
        <translation>Issuing…</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="378"/>
        <source>証明番号 {0} を交付しました（手数料{1}円）。{2} で印刷しました。</source>
        <translation>Certificate {0} issued (fee {1} yen), printed on {2}.</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="381"/>
        <source>証明番号 {0} を交付しましたが、印刷できませんでした: {1} 「再交付」で印刷し直してください（手数料は再度かかりません）。</source>
        <translation>Certificate {0} was issued but could not be printed: {1} Use &quot;Reprint&quot; to print it again (no second fee).</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="394"/>
        <source>再交付の理由を入力してください。</source>
        <translation>Enter the reason for the reprint.</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_page.py" line="418"/>
        <source>証明番号 {0} の印刷中止を記録しました。</source>
        <translation>Cancelled print of certificate {0} recorded.</translation>
    </message>
</context>
<context>
    <name>CertificateTotalsModel</name>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="79"/>
        <source>窓口（端末）</source>
        <translation>Counter (terminal)</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="80"/>
        <source>交付</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="81"/>
        <source>再交付</source>
        <translation>Reprints</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="81"/>
        <source>無効</source>
        <translation>Voided</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="82"/>
        <source>通数</source>
        <translation>Copies</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="82"/>
        <source>有料通数</source>
        <translation>Paid copies</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="83"/>
        <source>免除通数</source>
        <translation>Exempt copies</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="83"/>
        <source>手数料</source>
        <translation>Fees</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_ledger_page.py" line="84"/>
        <source>印刷失敗・中止</source>
        <translation>Failed/cancelled prints</translation>
    </message>
</context>
<context>
    <name>CertificateVerifyPage</name>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="34"/>
        <source>QR コードの内容(&amp;Q)</source>
        <translation>&amp;QR content</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="38"/>
        <source>JZC1:証明番号:検証符号 — スキャナで読み取るか入力して Enter</source>
        <translation>JZC1:number:code — scan or type, then Enter</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="42"/>
        <source>確認</source>
        <translation>Verify</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="47"/>
        <source>証明書の QR コードを読み取ってください。</source>
        <translation>Scan the certificate&apos;s QR code.</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="56"/>
        <source>台帳の記録</source>
        <translation>Ledger record</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="59"/>
        <source>証明番号</source>
        <translation>Certificate no.</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="59"/>
        <source>状態</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="59"/>
        <source>種類</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="60"/>
        <source>年度</source>
        <translation>Tax year</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="60"/>
        <source>対象者</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="60"/>
        <source>交付日時</source>
        <translation>Issued at</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="61"/>
        <source>交付窓口（端末）・職員</source>
        <translation>Counter (terminal) and staff</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="61"/>
        <source>無効日時・理由</source>
        <translation>Voided at, reason</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="62"/>
        <source>再交付後の番号</source>
        <translation>Replaced by</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="69"/>
        <source>証明書の記載内容（紙の証明書の金額と照合してください）</source>
        <translation>What the certificate states (compare the amounts with the paper)</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="71"/>
        <source>QR コードは金額を保証しません。下の金額が紙の証明書の記載と一つでも異なるときは、改ざんの疑いがあります。</source>
        <translation>The QR code does not vouch for the amounts. If any amount below differs from the paper certificate, it may have been altered.</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="80"/>
        <source>対象者を照会で開く</source>
        <translation>Open the person in Inquiry</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="90"/>
        <source>QR コードの内容を入力してください。</source>
        <translation>Enter the QR content.</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="101"/>
        <source>QR コードの形式が正しくありません。</source>
        <translation>The QR content is not in the expected format.</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="102"/>
        <source>この証明番号は交付台帳にありません。偽造の疑いがあります。</source>
        <translation>This number is not in the issuance ledger; the certificate may be forged.</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="103"/>
        <source>検証符号が一致しません。改ざん・偽造の疑いがあります。</source>
        <translation>The verification code does not match; the certificate may be altered or forged.</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="104"/>
        <source>真正と確認できません。</source>
        <translation>Not confirmed as genuine.</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="110"/>
        <source>交付台帳の記録と一致しますが、この証明書は無効にされています。</source>
        <translation>Matches the issuance ledger, but this certificate has been voided.</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="111"/>
        <source>真正な証明書です（交付台帳の記録と一致）。</source>
        <translation>Genuine certificate (matches the issuance ledger).</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="113"/>
        <source>無効</source>
        <translation>Voided</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="113"/>
        <source>有効</source>
        <translation>Valid</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="133"/>
        <source>非課税（均等割・所得割とも）</source>
        <translation>Non-taxable (per-capita and income levy)</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="133"/>
        <source>所得割のみ非課税</source>
        <translation>Income levy not taxable</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="134"/>
        <source>課税</source>
        <translation>Taxable</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="135"/>
        <source>課税・非課税の区分</source>
        <translation>Taxable or non-taxable</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="137"/>
        <source>給与収入</source>
        <translation>Salary revenue</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="137"/>
        <source>給与所得</source>
        <translation>Salary income</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="138"/>
        <source>公的年金等収入</source>
        <translation>Public pension revenue</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="139"/>
        <source>公的年金等所得</source>
        <translation>Public pension income</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="140"/>
        <source>営業等所得</source>
        <translation>Business income</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="140"/>
        <source>農業所得</source>
        <translation>Agricultural income</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="141"/>
        <source>不動産所得</source>
        <translation>Real estate income</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="141"/>
        <source>利子所得</source>
        <translation>Interest income</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="142"/>
        <source>配当所得</source>
        <translation>Dividend income</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="143"/>
        <source>雑所得（公的年金等以外）</source>
        <translation>Miscellaneous income (other than pensions)</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="144"/>
        <source>合計所得金額</source>
        <translation>Total income</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="144"/>
        <source>総所得金額等</source>
        <translation>Income base</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="149"/>
        <source>所得控除合計</source>
        <translation>Total deductions</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="150"/>
        <source>課税標準額</source>
        <translation>Taxable income</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="153"/>
        <source>市民税 所得割額</source>
        <translation>Municipal income levy</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="154"/>
        <source>市民税 均等割額</source>
        <translation>Municipal per-capita levy</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="155"/>
        <source>県民税 所得割額</source>
        <translation>Prefectural income levy</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="156"/>
        <source>県民税 均等割額</source>
        <translation>Prefectural per-capita levy</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="157"/>
        <source>森林環境税</source>
        <translation>Forest environment tax</translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_verify_page.py" line="158"/>
        <source>年税額合計</source>
        <translation>Annual tax total</translation>
    </message>
</context>
<context>
    <name>ChangeNoticePage</name>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="79"/>
        <source>退職</source>
        <translation>Retirement</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="80"/>
        <source>休職</source>
        <translation>Leave of absence</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="81"/>
        <source>死亡</source>
        <translation>Death</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="82"/>
        <source>転勤・転職(継続)</source>
        <translation>Transfer (continued by the new employer)</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="83"/>
        <source>一括徴収</source>
        <translation>Lump sum</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="92"/>
        <source>賦課年度</source>
        <translation>Tax year</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="95"/>
        <source>指定番号</source>
        <translation>Designation no.</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="100"/>
        <source>読込(&amp;L)</source>
        <translation>&amp;Load</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="102"/>
        <source>対象者</source>
        <translation>Employee</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="112"/>
        <source>異動届出書</source>
        <translation>Change notice</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="117"/>
        <source>異動の種類</source>
        <translation>Kind of change</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="121"/>
        <source>異動年月日</source>
        <translation>Date of the change</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="124"/>
        <location filename="../../app/views/change_notice_page.py" line="177"/>
        <source>受付日</source>
        <translation>Date received</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="126"/>
        <source>なし</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="128"/>
        <source>{0}月分まで</source>
        <translation>Through month {0}</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="129"/>
        <source>徴収済みの月</source>
        <translation>Last month withheld</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="132"/>
        <source>退職・一括徴収のとき</source>
        <translation>For retirement or lump sum</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="133"/>
        <source>最終の給与・退職手当等(円)</source>
        <translation>Final pay or retirement allowance (yen)</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="134"/>
        <source>本人が一括徴収を希望しない(普通徴収へ)</source>
        <translation>The person asks not to pay a lump sum (ordinary collection)</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="138"/>
        <source>新しい事業所の指定番号</source>
        <translation>New employer&apos;s designation no.</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="141"/>
        <source>{0}月分から</source>
        <translation>From month {0}</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="142"/>
        <source>新しい事業所の開始月</source>
        <translation>New employer&apos;s first month</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="148"/>
        <source>保存(&amp;S)</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="153"/>
        <source>変更後の徴収(保存前の確認)</source>
        <translation>Collection after the change (check before saving)</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="166"/>
        <source>普通徴収から特別徴収への切替(本人・事業所の申出)</source>
        <translation>Switch from ordinary collection to payroll withholding (on request)</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="168"/>
        <source>宛名番号</source>
        <translation>Person no.</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="173"/>
        <source>事業所の指定番号</source>
        <translation>Employer&apos;s designation no.</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="181"/>
        <source>切替を保存</source>
        <translation>Save the switch</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="192"/>
        <source>承認待ちの異動届出書(承認基準を超える金額)</source>
        <translation>Change notices awaiting approval (above the approval amount)</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="197"/>
        <source>更新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="198"/>
        <source>承認</source>
        <translation>Approve</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="199"/>
        <source>差戻し</source>
        <translation>Reject</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="232"/>
        <source>{0}: {1} {2} {3} 未徴収 {4:,}円(入力 {5})</source>
        <translation>{0}: {1} {2} {3} rest {4:,} yen (entered by {5})</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="235"/>
        <source>承認待ち {0}件</source>
        <translation>{0} awaiting approval</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="247"/>
        <source>承認し、反映しました。</source>
        <translation>Approved and in effect.</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="247"/>
        <source>差し戻しました。</source>
        <translation>Rejected.</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="260"/>
        <source>指定番号を入力してください。</source>
        <translation>Enter the designation number.</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="272"/>
        <source>特別徴収中の対象者 {0}人</source>
        <translation>{0} employees under withholding</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="273"/>
        <source>この事業所に特別徴収中の対象者はいません。</source>
        <translation>This employer withholds for nobody.</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="308"/>
        <source>事業所を読み込み、対象者を選んでください。</source>
        <translation>Load the employer and choose the employee.</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="324"/>
        <source>年税額 {0:,}円 = 徴収済 {1:,}円 + 未徴収 {2:,}円</source>
        <translation>Annual tax {0:,} yen = withheld {1:,} yen + rest {2:,} yen</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="329"/>
        <source>旧事業所(徴収済)</source>
        <translation>Old employer (withheld)</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="329"/>
        <location filename="../../app/views/change_notice_page.py" line="332"/>
        <source>{0}月分</source>
        <translation>Month {0}</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="331"/>
        <source>新事業所 {0}</source>
        <translation>New employer {0}</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="333"/>
        <source>普通徴収 第{0}期</source>
        <translation>Ordinary collection, instalment {0}</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="336"/>
        <source>一括徴収(最終給与から)</source>
        <translation>Lump sum (from the final pay)</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="352"/>
        <source>異動届出書を保存しました(番号 {0})。金額が承認基準を超えるため、承認後に反映されます。</source>
        <translation>Change notice saved (no. {0}). The amount is above the approval limit; it takes effect once approved.</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="355"/>
        <source>異動届出書を保存し、反映しました(番号 {0})。</source>
        <translation>Change notice saved and in effect (no. {0}).</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="388"/>
        <source>特別徴収に切り替えました: {0}</source>
        <translation>Switched to payroll withholding: {0}</translation>
    </message>
</context>
<context>
    <name>ClientFlow</name>
    <message>
        <location filename="../../app/views/flow.py" line="56"/>
        <source>セッション終了</source>
        <translation>Session ended</translation>
    </message>
</context>
<context>
    <name>CollectionPage</name>
    <message>
        <location filename="../../app/views/collection_page.py" line="92"/>
        <source>指定番号</source>
        <translation>Designation no.</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="93"/>
        <source>事業所名</source>
        <translation>Employer name</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="94"/>
        <source>カナ</source>
        <translation>Kana</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="95"/>
        <source>郵便番号</source>
        <translation>Postal code</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="96"/>
        <source>所在地</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="97"/>
        <source>電話番号</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="107"/>
        <source>賦課年度</source>
        <translation>Tax year</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="111"/>
        <source>事業所名・カナ・指定番号で検索(空欄で全件)</source>
        <translation>Search by employer name, kana or designation no. (empty: all)</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="114"/>
        <source>新規登録(&amp;N)</source>
        <translation>&amp;New employer</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="128"/>
        <source>特別徴収義務者</source>
        <translation>Withholding employer</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="144"/>
        <source>保存(&amp;S)</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="151"/>
        <source>税額決定(計画作成)</source>
        <translation>Determine withholding (make plans)</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="153"/>
        <source>納入月</source>
        <translation>Payment for</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="156"/>
        <source>{0}月分</source>
        <translation>Month {0}</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="158"/>
        <source>納入を記録</source>
        <translation>Record payment</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="160"/>
        <source>税額変更を反映</source>
        <translation>Apply tax change</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="225"/>
        <source>{0}  {1}({2}人)</source>
        <translation>{0}  {1} ({2} employees)</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="232"/>
        <source>{0}件</source>
        <translation>{0} found</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="232"/>
        <source>該当する事業所はありません。</source>
        <translation>No employer matches.</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="267"/>
        <source>新しい特別徴収義務者を入力して保存してください。</source>
        <translation>Enter the new withholding employer and save.</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="301"/>
        <source>保存しました(指定番号 {0})。</source>
        <translation>Saved (designation no. {0}).</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="326"/>
        <source>{0}人  年税額計 {1:,}円  徴収済 {2:,}円  未徴収 {3:,}円</source>
        <translation>{0} employees  annual total {1:,} yen  withheld {2:,} yen  remaining {3:,} yen</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="329"/>
        <source>  税額変更あり {0}人</source>
        <translation>  tax changed: {0}</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="343"/>
        <source>{0}人の特別徴収税額を決定しました。</source>
        <translation>Withholding determined for {0} employees.</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="353"/>
        <source>{0}月分の納入を{1}人分記録しました。</source>
        <translation>Payment for month {0} recorded for {1} employees.</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="363"/>
        <source>税額が変わった対象者を選んでください。</source>
        <translation>Choose an employee whose tax has changed.</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="368"/>
        <source>{0}の残り{1}か月を再計算しました(年税額 {2:,}円)。</source>
        <translation>Remaining {1} months of {0} recomputed (annual tax {2:,} yen).</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="371"/>
        <source> 過納額 {0:,}円を還付・充当として記録しました。</source>
        <translation> Overpayment of {0:,} yen recorded for refund or offset.</translation>
    </message>
</context>
<context>
    <name>CollectionTab</name>
    <message>
        <location filename="../../app/views/person_view.py" line="310"/>
        <source>賦課年度</source>
        <translation>Tax year</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="335"/>
        <source>徴収中</source>
        <translation>Withholding</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="335"/>
        <source>停止</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="337"/>
        <source>{0}(指定番号 {1}) {2}: 通知年税額 {3}、納入済 {4}
  {5}</source>
        <translation>{0} (designation no. {1}) {2}: notified annual tax {3}, paid in {4}
  {5}</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="341"/>
        <source>異動届出書 {0}: {1} 受付 {2}({3})</source>
        <translation>Change notice {0}: {1} received {2} ({3})</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="344"/>
        <source>普通徴収 {0} {1}</source>
        <translation>Ordinary collection {0} {1}</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="345"/>
        <source>特別徴収の記録はありません。</source>
        <translation>No withholding on record.</translation>
    </message>
</context>
<context>
    <name>DecisionBanner</name>
    <message>
        <location filename="../../app/views/assessment_widgets.py" line="178"/>
        <source>税額変更通知書の保存先</source>
        <translation>Save the tax change notice to</translation>
    </message>
    <message>
        <location filename="../../app/views/assessment_widgets.py" line="194"/>
        <source>税額変更通知書を保存しました: {0}</source>
        <translation>Tax change notice saved: {0}</translation>
    </message>
</context>
<context>
    <name>DemoReaderPanel</name>
    <message>
        <location filename="../../app/views/demo_app.py" line="24"/>
        <source>カードリーダー（デモ）</source>
        <translation>Card reader (demo)</translation>
    </message>
    <message>
        <location filename="../../app/views/demo_app.py" line="27"/>
        <source>ログイン用リーダー</source>
        <translation>Login reader</translation>
    </message>
    <message>
        <location filename="../../app/views/demo_app.py" line="31"/>
        <source>カードを挿入</source>
        <translation>Insert card</translation>
    </message>
    <message>
        <location filename="../../app/views/demo_app.py" line="34"/>
        <source>カードを抜く</source>
        <translation>Remove card</translation>
    </message>
    <message>
        <location filename="../../app/views/demo_app.py" line="40"/>
        <source>デモのPINはすべて {0}、PUKは {1} です。</source>
        <translation>Every demo card has PIN {0} and PUK {1}.</translation>
    </message>
    <message>
        <location filename="../../app/views/demo_app.py" line="47"/>
        <source>発行用リーダー（管理の職員カード発行・PIN解除）</source>
        <translation>Issuing reader (staff cards issued or unblocked in Administration)</translation>
    </message>
    <message>
        <location filename="../../app/views/demo_app.py" line="51"/>
        <source>発行用に挿入</source>
        <translation>Insert for issuing</translation>
    </message>
    <message>
        <location filename="../../app/views/demo_app.py" line="55"/>
        <source>発行用から抜く</source>
        <translation>Remove from issuing reader</translation>
    </message>
    <message>
        <location filename="../../app/views/demo_app.py" line="67"/>
        <source>デモのPIN: {0}</source>
        <translation>Demo PIN: {0}</translation>
    </message>
    <message>
        <location filename="../../app/views/demo_app.py" line="72"/>
        <source>挿入中: {0}</source>
        <translation>Inserted: {0}</translation>
    </message>
    <message>
        <location filename="../../app/views/demo_app.py" line="76"/>
        <source>カードは挿入されていません</source>
        <translation>No card inserted</translation>
    </message>
</context>
<context>
    <name>DependantCheckPage</name>
    <message>
        <location filename="../../app/views/dependant_check_page.py" line="28"/>
        <source>重複扶養</source>
        <translation>Claimed by more than one taxpayer</translation>
    </message>
    <message>
        <location filename="../../app/views/dependant_check_page.py" line="29"/>
        <source>所得超過</source>
        <translation>Own income over the limit</translation>
    </message>
    <message>
        <location filename="../../app/views/dependant_check_page.py" line="30"/>
        <source>市外居住（居住地に確認）</source>
        <translation>Living elsewhere (confirm with that municipality)</translation>
    </message>
    <message>
        <location filename="../../app/views/dependant_check_page.py" line="72"/>
        <source>賦課年度</source>
        <translation>Tax year</translation>
    </message>
    <message>
        <location filename="../../app/views/dependant_check_page.py" line="75"/>
        <source>扶養調査を実行(&amp;R)</source>
        <translation>&amp;Run dependant check</translation>
    </message>
    <message>
        <location filename="../../app/views/dependant_check_page.py" line="79"/>
        <source>年度を選んで実行すると、重複扶養・所得超過・市外居住の扶養親族を一覧にします。</source>
        <translation>Choose a tax year and run the check to list dependants claimed twice, over the income limit or living in another municipality.</translation>
    </message>
    <message>
        <location filename="../../app/views/dependant_check_page.py" line="87"/>
        <location filename="../../app/views/dependant_check_page.py" line="137"/>
        <source>{0}（{1}件）</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <location filename="../../app/views/dependant_check_page.py" line="105"/>
        <source>関係者（Enter またはダブルクリックで照会を開く）</source>
        <translation>Persons involved (Enter or double-click opens the person)</translation>
    </message>
    <message>
        <location filename="../../app/views/dependant_check_page.py" line="122"/>
        <source>{0}の扶養調査を実行しています…</source>
        <translation>Running the dependant check for {0}…</translation>
    </message>
    <message>
        <location filename="../../app/views/dependant_check_page.py" line="138"/>
        <source>{0}の扶養調査: 重複扶養 {1}件、所得超過 {2}件、市外居住 {3}件</source>
        <translation>Dependant check for {0}: {1} claimed twice, {2} over the income limit, {3} living elsewhere</translation>
    </message>
    <message>
        <location filename="../../app/views/dependant_check_page.py" line="160"/>
        <source>扶養親族: {0}（{1}）</source>
        <translation>Dependant: {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../app/views/dependant_check_page.py" line="161"/>
        <source>納税義務者: {0}（{1}）</source>
        <translation>Taxpayer: {0} ({1})</translation>
    </message>
</context>
<context>
    <name>DiffModel</name>
    <message>
        <location filename="../../app/views/assessment_widgets.py" line="100"/>
        <source>項目</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../app/views/assessment_widgets.py" line="101"/>
        <source>変更前</source>
        <translation>Before</translation>
    </message>
    <message>
        <location filename="../../app/views/assessment_widgets.py" line="102"/>
        <source>変更後</source>
        <translation>After</translation>
    </message>
</context>
<context>
    <name>EmployeeModel</name>
    <message>
        <location filename="../../app/views/employer_page.py" line="39"/>
        <source>宛名番号</source>
        <translation>Person No.</translation>
    </message>
    <message>
        <location filename="../../app/views/employer_page.py" line="39"/>
        <source>氏名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/views/employer_page.py" line="40"/>
        <source>カナ</source>
        <translation>Kana</translation>
    </message>
    <message>
        <location filename="../../app/views/employer_page.py" line="40"/>
        <source>年税額</source>
        <translation>Annual tax</translation>
    </message>
    <message>
        <location filename="../../app/views/employer_page.py" line="71"/>
        <source>{0}月</source>
        <translation>{0}</translation>
    </message>
    <message>
        <location filename="../../app/views/employer_page.py" line="85"/>
        <source>合計（{0}人）</source>
        <translation>Total ({0} persons)</translation>
    </message>
</context>
<context>
    <name>EmployerPage</name>
    <message>
        <location filename="../../app/views/employer_page.py" line="104"/>
        <source>照会目的</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../app/views/employer_page.py" line="110"/>
        <source>賦課年度</source>
        <translation>Tax year</translation>
    </message>
    <message>
        <location filename="../../app/views/employer_page.py" line="114"/>
        <source>事業所名・カナ・指定番号で検索</source>
        <translation>Search by employer name, kana or designation number</translation>
    </message>
    <message>
        <location filename="../../app/views/employer_page.py" line="146"/>
        <source>月別徴収額（円）</source>
        <translation>Monthly withholding (yen)</translation>
    </message>
    <message>
        <location filename="../../app/views/employer_page.py" line="147"/>
        <source>{0}月</source>
        <translation>{0}</translation>
    </message>
    <message>
        <location filename="../../app/views/employer_page.py" line="173"/>
        <source>{0}  {1}（{2}人）</source>
        <translation>{0}  {1} ({2} persons)</translation>
    </message>
    <message>
        <location filename="../../app/views/employer_page.py" line="176"/>
        <source>{0}件</source>
        <translation>{0} found</translation>
    </message>
    <message>
        <location filename="../../app/views/employer_page.py" line="176"/>
        <source>該当する事業所はありません。</source>
        <translation>No employer matches.</translation>
    </message>
    <message>
        <location filename="../../app/views/employer_page.py" line="199"/>
        <source>{0}の特別徴収対象者 {1}人</source>
        <translation>{0}: {1} employees under payroll withholding</translation>
    </message>
</context>
<context>
    <name>FindingModel</name>
    <message>
        <location filename="../../app/views/dependant_check_page.py" line="31"/>
        <source>配偶者</source>
        <translation>spouse</translation>
    </message>
    <message>
        <location filename="../../app/views/dependant_check_page.py" line="32"/>
        <source>扶養親族</source>
        <translation>dependant</translation>
    </message>
    <message>
        <location filename="../../app/views/dependant_check_page.py" line="36"/>
        <source>宛名番号</source>
        <translation>Person no.</translation>
    </message>
    <message>
        <location filename="../../app/views/dependant_check_page.py" line="36"/>
        <source>扶養親族の氏名</source>
        <translation>Dependant</translation>
    </message>
    <message>
        <location filename="../../app/views/dependant_check_page.py" line="37"/>
        <source>生年月日</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../app/views/dependant_check_page.py" line="37"/>
        <source>所得</source>
        <translation>Income</translation>
    </message>
    <message>
        <location filename="../../app/views/dependant_check_page.py" line="38"/>
        <source>限度額</source>
        <translation>Limit</translation>
    </message>
    <message>
        <location filename="../../app/views/dependant_check_page.py" line="38"/>
        <source>1月1日の住所</source>
        <translation>Address on 1 January</translation>
    </message>
    <message>
        <location filename="../../app/views/dependant_check_page.py" line="39"/>
        <source>扶養している納税義務者</source>
        <translation>Claimed by</translation>
    </message>
</context>
<context>
    <name>HouseholdModel</name>
    <message>
        <location filename="../../app/views/person_view.py" line="190"/>
        <source>続柄</source>
        <translation>Relation</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="190"/>
        <source>氏名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="191"/>
        <source>カナ</source>
        <translation>Kana</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="191"/>
        <source>生年月日</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="192"/>
        <source>性別</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="192"/>
        <source>扶養</source>
        <translation>Claimed as</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="193"/>
        <location filename="../../app/views/person_view.py" line="196"/>
        <source>課税</source>
        <translation>Taxable</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="194"/>
        <source>配偶者として控除</source>
        <translation>Spouse deduction</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="195"/>
        <source>扶養親族</source>
        <translation>Dependant</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="197"/>
        <source>非課税</source>
        <translation>Non-taxable</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="203"/>
        <source>資料なし</source>
        <translation>No records</translation>
    </message>
</context>
<context>
    <name>HouseholdTab</name>
    <message>
        <location filename="../../app/views/person_view.py" line="218"/>
        <source>賦課期日</source>
        <translation>Levy date</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="241"/>
        <source>読込中…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="248"/>
        <source>{0}人</source>
        <translation>{0} persons</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="249"/>
        <source>この年の1月1日に市内の世帯の記録はありません。</source>
        <translation>No household record in the city on 1 January of this year.</translation>
    </message>
</context>
<context>
    <name>IssueDialog</name>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="224"/>
        <source>職員 {0}（{1}）にカードを発行します。
発行するカードを発行用リーダーに挿入し、職員本人がそのカードのPINを入力してください。カードの鍵は新しく作り直されます。</source>
        <translation>Issue a card to staff member {0} ({1}).
Insert the card in the issuing reader; the staff member types the card&apos;s PIN. The card gets a new key.</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="227"/>
        <source>発行したカードは、セキュリティ担当者（あなた以外）が承認するまで使えません。</source>
        <translation>The issued card cannot be used until a security officer (not you) approves it.</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="229"/>
        <source>現在のカード（{0}）は、承認された時点で失効します。</source>
        <translation>The current card ({0}) will be revoked when the issue is approved.</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="230"/>
        <source>カード発行</source>
        <translation>Issue card</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="230"/>
        <source>発行</source>
        <translation>Issue</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="231"/>
        <source>カードのPIN</source>
        <translation>Card PIN</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="232"/>
        <source>カード管理鍵（空欄は初期値）</source>
        <translation>Card management key (empty: default)</translation>
    </message>
</context>
<context>
    <name>IssueModel</name>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="48"/>
        <source>行</source>
        <translation>Line</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="48"/>
        <source>項目</source>
        <translation>Column</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="49"/>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>LockPage</name>
    <message>
        <location filename="../../app/views/lock.py" line="50"/>
        <source>ロック中の職員: {0}</source>
        <translation>Locked by: {0}</translation>
    </message>
    <message>
        <location filename="../../app/views/lock.py" line="56"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../app/views/lock.py" line="60"/>
        <source>ロック解除</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../app/views/lock.py" line="70"/>
        <source>カードが抜かれたため画面をロックしました</source>
        <translation>The screen was locked because the card was removed</translation>
    </message>
    <message>
        <location filename="../../app/views/lock.py" line="71"/>
        <source>一定時間操作がなかったため画面をロックしました</source>
        <translation>The screen was locked after a period without activity</translation>
    </message>
    <message>
        <location filename="../../app/views/lock.py" line="72"/>
        <source>カードリーダーとの通信が途絶えたため画面をロックしました</source>
        <translation>The screen was locked because the card reader stopped answering</translation>
    </message>
    <message>
        <location filename="../../app/views/lock.py" line="75"/>
        <source>同じカードでPINを入力すると、作業を続けられます。</source>
        <translation>Enter the PIN of the same card to continue where you were.</translation>
    </message>
    <message>
        <location filename="../../app/views/lock.py" line="77"/>
        <source>リーダーの接続を確認してください。復旧してカードが読めるようになると、PINを入力して作業を続けられます。</source>
        <translation>Check the reader. When it works again and the card can be read, enter your PIN to continue.</translation>
    </message>
    <message>
        <location filename="../../app/views/lock.py" line="80"/>
        <source>ご自分のセキュリティカードを挿入してください。</source>
        <translation>Insert your security card.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../app/views/login_dialog.py" line="24"/>
        <source>ログイン — Juminzei Desk</source>
        <translation>Log in — Juminzei Desk</translation>
    </message>
    <message>
        <location filename="../../app/views/login_dialog.py" line="29"/>
        <source>セキュリティカードを挿入し、職員コードとPINを入力してください。</source>
        <translation>Insert your security card and enter your staff code and PIN.</translation>
    </message>
    <message>
        <location filename="../../app/views/login_dialog.py" line="36"/>
        <source>例: SATO01</source>
        <translation>e.g. SATO01</translation>
    </message>
    <message>
        <location filename="../../app/views/login_dialog.py" line="37"/>
        <source>職員コード</source>
        <translation>Staff code</translation>
    </message>
    <message>
        <location filename="../../app/views/login_dialog.py" line="41"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../app/views/login_dialog.py" line="49"/>
        <source>ログイン</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../app/views/login_dialog.py" line="50"/>
        <source>終了</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../app/views/login_dialog.py" line="60"/>
        <source>職員コードを入力してください。</source>
        <translation>Enter your staff code.</translation>
    </message>
    <message>
        <location filename="../../app/views/login_dialog.py" line="63"/>
        <source>PINを入力してください。</source>
        <translation>Enter your PIN.</translation>
    </message>
    <message>
        <location filename="../../app/views/login_dialog.py" line="66"/>
        <source>カードで認証中…</source>
        <translation>Authenticating with the card…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/views/main_window.py" line="38"/>
        <source>Juminzei Desk 個人住民税システム — 花巻市</source>
        <translation>Juminzei Desk resident tax system — Hanamaki City</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="43"/>
        <source>花巻市 個人住民税</source>
        <translation>Hanamaki City resident tax</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="48"/>
        <source>職員: {0}（{1}）</source>
        <translation>Staff: {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="49"/>
        <source>端末: {0}</source>
        <translation>Terminal: {0}</translation>
    </message>
</context>
<context>
    <name>NoticePrintPage</name>
    <message>
        <location filename="../../app/views/notice_print_page.py" line="50"/>
        <source>賦課年度</source>
        <translation>Tax year</translation>
    </message>
    <message>
        <location filename="../../app/views/notice_print_page.py" line="52"/>
        <source>特別徴収税額決定通知書</source>
        <translation>Withholding determination notices</translation>
    </message>
    <message>
        <location filename="../../app/views/notice_print_page.py" line="53"/>
        <source>特別徴収税額変更通知書</source>
        <translation>Withholding change notices</translation>
    </message>
    <message>
        <location filename="../../app/views/notice_print_page.py" line="54"/>
        <source>通知書</source>
        <translation>Notice</translation>
    </message>
    <message>
        <location filename="../../app/views/notice_print_page.py" line="56"/>
        <source>空欄で全事業所</source>
        <translation>Empty: all employers</translation>
    </message>
    <message>
        <location filename="../../app/views/notice_print_page.py" line="57"/>
        <source>指定番号</source>
        <translation>Designation no.</translation>
    </message>
    <message>
        <location filename="../../app/views/notice_print_page.py" line="59"/>
        <source>変更通知書: 対象者の宛名番号(カンマ区切り、空欄で全員)</source>
        <translation>Change notices: person numbers (comma-separated; empty: everyone)</translation>
    </message>
    <message>
        <location filename="../../app/views/notice_print_page.py" line="60"/>
        <source>宛名番号</source>
        <translation>Person no.</translation>
    </message>
    <message>
        <location filename="../../app/views/notice_print_page.py" line="64"/>
        <source>参照…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../app/views/notice_print_page.py" line="66"/>
        <location filename="../../app/views/notice_print_page.py" line="92"/>
        <source>出力先フォルダ</source>
        <translation>Output folder</translation>
    </message>
    <message>
        <location filename="../../app/views/notice_print_page.py" line="69"/>
        <source>通知書PDFを作成(&amp;P)</source>
        <translation>Create notice &amp;PDF</translation>
    </message>
    <message>
        <location filename="../../app/views/notice_print_page.py" line="70"/>
        <source>印刷データを出力(&amp;E)</source>
        <translation>&amp;Export print data</translation>
    </message>
    <message>
        <location filename="../../app/views/notice_print_page.py" line="71"/>
        <source>中止</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/views/notice_print_page.py" line="80"/>
        <source>%v / %m 事業所</source>
        <translation>%v / %m employers</translation>
    </message>
    <message>
        <location filename="../../app/views/notice_print_page.py" line="108"/>
        <source>宛名番号は数字をカンマで区切って入力してください。</source>
        <translation>Enter person numbers as digits separated by commas.</translation>
    </message>
    <message>
        <location filename="../../app/views/notice_print_page.py" line="115"/>
        <source>作成中…</source>
        <translation>Working…</translation>
    </message>
    <message>
        <location filename="../../app/views/notice_print_page.py" line="135"/>
        <source>中止しています…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <location filename="../../app/views/notice_print_page.py" line="149"/>
        <source>印刷データを出力しました: {0}({1}事業所・{2}人、SHA-256 {3})</source>
        <translation>Print data exported: {0} ({1} employers, {2} employees, SHA-256 {3})</translation>
    </message>
    <message>
        <location filename="../../app/views/notice_print_page.py" line="152"/>
        <source>通知書を作成しました: {0}({1}事業所・{2}人・{3}頁)</source>
        <translation>Notices created: {0} ({1} employers, {2} employees, {3} pages)</translation>
    </message>
</context>
<context>
    <name>PendingIssueModel</name>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="127"/>
        <source>職員コード</source>
        <translation>Staff code</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="127"/>
        <source>氏名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="128"/>
        <source>権限</source>
        <translation>Roles</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="128"/>
        <source>カード識別子</source>
        <translation>Card ID</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="129"/>
        <source>鍵の指紋</source>
        <translation>Key fingerprint</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="129"/>
        <source>発行日時</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="130"/>
        <source>発行者</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="131"/>
        <source>失効する現在のカード</source>
        <translation>Current card to be revoked</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="136"/>
        <source>なし</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="143"/>
        <source>SHA-256: {0}</source>
        <translation>SHA-256: {0}</translation>
    </message>
</context>
<context>
    <name>PendingIssuesPanel</name>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="572"/>
        <source>カード発行の承認待ち</source>
        <translation>Card issues awaiting approval</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="575"/>
        <source>発行されたカードは、発行者とも本人とも別のセキュリティ担当者が承認するまで使えません。カードが本人に渡ったことを確かめてから承認してください。</source>
        <translation>An issued card cannot be used until a security officer other than the issuer and the holder approves it. Approve only after making sure the card reached its holder.</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="583"/>
        <source>承認待ちを更新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="584"/>
        <source>承認(&amp;A)…</source>
        <translation>&amp;Approve…</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="585"/>
        <source>却下(&amp;J)…</source>
        <translation>Re&amp;ject…</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="610"/>
        <source>承認待ちの発行はありません。</source>
        <translation>No card issue is awaiting approval.</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="651"/>
        <source>処理しています…</source>
        <translation>Working…</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="669"/>
        <source>職員 {0}（{1}）へのカード（{2}）の発行を承認します。鍵の指紋: {3}
承認すると、このカードでログインできるようになります。</source>
        <translation>Approve the issue of card {2} to staff member {0} ({1}). Key fingerprint: {3}
Once approved, the card logs in.</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="673"/>
        <source>現在のカード（{0}）は失効し、その職員の接続はすべて切断されます。</source>
        <translation> The current card ({0}) is revoked and all of the staff member&apos;s connections are ended.</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="675"/>
        <source>発行者（{0}）とは別の立場で、カードが本人に渡ったことを確認しましたか？</source>
        <translation>Have you, independently of the issuer ({0}), made sure the card reached its holder?</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="677"/>
        <source>カード発行の承認</source>
        <translation>Approve card issue</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="681"/>
        <source>職員 {0} のカード（{1}）の発行を承認しました。</source>
        <translation>The issue of card {1} to staff member {0} is approved.</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="687"/>
        <source>カード発行の却下</source>
        <translation>Reject card issue</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="688"/>
        <source>職員 {0}（{1}）へのカード（{2}）の発行を却下します。このカードは使えないままになります。続けますか？</source>
        <translation>Reject the issue of card {2} to staff member {0} ({1}). The card stays unusable. Continue?</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="694"/>
        <source>職員 {0} のカード（{1}）の発行を却下しました。</source>
        <translation>The issue of card {1} to staff member {0} is rejected.</translation>
    </message>
</context>
<context>
    <name>PensionRows</name>
    <message>
        <location filename="../../app/views/person_view.py" line="283"/>
        <source>前年度も年金特別徴収: 仮徴収は前年度の年税額 {0} の6分の1ずつ</source>
        <translation>Pension withholding last year too: provisional amounts are 1/6 each of last year&apos;s tax {0}</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="287"/>
        <source>年金特別徴収の初年度: 6月・8月は普通徴収、10月・12月・2月は年金から</source>
        <translation>First year of pension withholding: June and August by ordinary collection, October, December and February from the pension</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="288"/>
        <source>仮徴収 {0}月</source>
        <translation>Provisional, month {0}</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="289"/>
        <source>普通徴収 第{0}期 {1}</source>
        <translation>Ordinary instalment {0} {1}</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="291"/>
        <source>本徴収 {0}月</source>
        <translation>Main withholding, month {0}</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="297"/>
        <source>仮徴収が年税額を超える額 {0} は還付・充当</source>
        <translation>Provisional withholding above the annual tax, {0}, is refunded or offset</translation>
    </message>
</context>
<context>
    <name>PersonDetail</name>
    <message>
        <location filename="../../app/views/search_page.py" line="41"/>
        <source>個人の情報</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="45"/>
        <source>宛名番号</source>
        <translation>Person No.</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="45"/>
        <source>氏名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="46"/>
        <source>カナ</source>
        <translation>Kana</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="46"/>
        <source>生年月日</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="46"/>
        <source>性別</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="47"/>
        <source>住所</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="47"/>
        <source>状態</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="56"/>
        <source>個人番号を表示</source>
        <translation>Show My Number</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="61"/>
        <source>個人番号</source>
        <translation>My Number</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="75"/>
        <source>{0}（{1}歳）</source>
        <translation>{0} (age {1})</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="80"/>
        <location filename="../../app/views/search_page.py" line="85"/>
        <source>（登録なし）</source>
        <translation>(none on file)</translation>
    </message>
</context>
<context>
    <name>PersonTableModel</name>
    <message>
        <location filename="../../app/views/person_model.py" line="23"/>
        <source>宛名番号</source>
        <translation>Person No.</translation>
    </message>
    <message>
        <location filename="../../app/views/person_model.py" line="23"/>
        <source>氏名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/views/person_model.py" line="24"/>
        <source>カナ</source>
        <translation>Kana</translation>
    </message>
    <message>
        <location filename="../../app/views/person_model.py" line="24"/>
        <source>生年月日</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../app/views/person_model.py" line="25"/>
        <source>性別</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../app/views/person_model.py" line="25"/>
        <source>住所</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../app/views/person_model.py" line="26"/>
        <source>状態</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/views/person_model.py" line="74"/>
        <source>男</source>
        <translation>Male</translation>
    </message>
    <message>
        <location filename="../../app/views/person_model.py" line="74"/>
        <source>女</source>
        <translation>Female</translation>
    </message>
    <message>
        <location filename="../../app/views/person_model.py" line="76"/>
        <source>住民</source>
        <translation>Resident</translation>
    </message>
    <message>
        <location filename="../../app/views/person_model.py" line="77"/>
        <source>転出</source>
        <translation>Moved out</translation>
    </message>
    <message>
        <location filename="../../app/views/person_model.py" line="78"/>
        <source>死亡</source>
        <translation>Deceased</translation>
    </message>
    <message>
        <location filename="../../app/views/person_model.py" line="79"/>
        <source>住登外</source>
        <translation>Non-resident</translation>
    </message>
</context>
<context>
    <name>PersonView</name>
    <message>
        <location filename="../../app/views/person_view.py" line="361"/>
        <source>← 一覧に戻る（Esc）</source>
        <translation>← Back to the list (Esc)</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="373"/>
        <source>宛名番号</source>
        <translation>Person No.</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="374"/>
        <source>生年月日</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="374"/>
        <source>{0}（{1}歳）</source>
        <translation>{0} (age {1})</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="376"/>
        <source>性別</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="377"/>
        <source>状態</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="379"/>
        <source>現住所</source>
        <translation>Current address</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="380"/>
        <source>個人番号</source>
        <translation>My Number</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="380"/>
        <source>（登録なし）</source>
        <translation>(none on file)</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="389"/>
        <source>{0}の住所</source>
        <translation>Address on {0}</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="397"/>
        <source>この人の課税資料はありません。</source>
        <translation>No tax records for this person.</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="397"/>
        <source>課税</source>
        <translation>Taxable</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="406"/>
        <source>1月1日世帯</source>
        <translation>Household on 1 January</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="408"/>
        <source>税額の推移</source>
        <translation>Tax over the years</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="413"/>
        <source>特別徴収</source>
        <translation>Withholding</translation>
    </message>
</context>
<context>
    <name>PlanModel</name>
    <message>
        <location filename="../../app/views/collection_page.py" line="43"/>
        <source>宛名番号</source>
        <translation>Person no.</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="43"/>
        <source>氏名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="44"/>
        <source>年税額</source>
        <translation>Annual tax</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="44"/>
        <source>徴収済額</source>
        <translation>Withheld</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="45"/>
        <source>未徴収額</source>
        <translation>Remaining</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="47"/>
        <source>状態</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="51"/>
        <source>徴収中</source>
        <translation>Withholding</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="52"/>
        <source>停止</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="58"/>
        <source>{0}月</source>
        <translation>Month {0}</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="77"/>
        <source>・税額変更あり({0:,}円)</source>
        <translation>, tax changed ({0:,} yen)</translation>
    </message>
    <message>
        <location filename="../../app/views/collection_page.py" line="83"/>
        <source>納入済み</source>
        <translation>Paid in</translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="49"/>
        <source>徴収</source>
        <translation>Collected by</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="50"/>
        <source>月・納期限</source>
        <translation>Month or due date</translation>
    </message>
    <message>
        <location filename="../../app/views/change_notice_page.py" line="51"/>
        <source>金額(円)</source>
        <translation>Amount (yen)</translation>
    </message>
</context>
<context>
    <name>ProposalModel</name>
    <message>
        <location filename="../../app/views/approval_page.py" line="52"/>
        <source>番号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="52"/>
        <source>宛名番号</source>
        <translation>Person no.</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="53"/>
        <source>氏名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="53"/>
        <source>区分</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="54"/>
        <source>提案者</source>
        <translation>Proposed by</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="54"/>
        <source>提案日時</source>
        <translation>Proposed at</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="55"/>
        <source>年税額（前）</source>
        <translation>Annual tax (before)</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="55"/>
        <source>年税額（後）</source>
        <translation>Annual tax (after)</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="56"/>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="67"/>
        <source>更正</source>
        <translation>Correction</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="67"/>
        <source>登録</source>
        <translation>Registration</translation>
    </message>
    <message>
        <location filename="../../app/views/approval_page.py" line="69"/>
        <source>（本人）</source>
        <translation> (you)</translation>
    </message>
</context>
<context>
    <name>ReductionModel</name>
    <message>
        <location filename="../../app/views/reduction_page.py" line="64"/>
        <source>番号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="64"/>
        <source>宛名番号</source>
        <translation>Person no.</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="65"/>
        <source>氏名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="65"/>
        <source>事由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="66"/>
        <source>減免</source>
        <translation>Reduction</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="66"/>
        <source>申請日</source>
        <translation>Application date</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="67"/>
        <source>状態</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="67"/>
        <source>受付者</source>
        <translation>Received by</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="68"/>
        <source>現在の年税額</source>
        <translation>Current annual tax</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="88"/>
        <source>（本人）</source>
        <translation> (you)</translation>
    </message>
</context>
<context>
    <name>ReductionPage</name>
    <message>
        <location filename="../../app/views/reduction_page.py" line="39"/>
        <source>災害（震災・風水害・火災等）</source>
        <translation>Disaster (earthquake, storm, flood, fire)</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="40"/>
        <source>生活困窮（生活保護に準ずる）</source>
        <translation>Hardship (comparable to public assistance)</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="41"/>
        <source>病気・負傷による所得の著しい減少</source>
        <translation>Large income loss from illness or injury</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="42"/>
        <source>失業・廃業による所得の著しい減少</source>
        <translation>Large income loss from unemployment or closing a business</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="43"/>
        <source>その他特別の事情</source>
        <translation>Other special circumstances</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="44"/>
        <source>罹災証明書</source>
        <translation>Disaster certificate</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="45"/>
        <source>収入申告書・所得の状況の分かる書類</source>
        <translation>Income statement or other proof of income</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="46"/>
        <source>診断書・医療費の領収書</source>
        <translation>Medical certificate or medical receipts</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="47"/>
        <source>離職票・廃業届</source>
        <translation>Separation notice or business closure</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="48"/>
        <source>その他の書類</source>
        <translation>Other document</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="49"/>
        <source>所得割</source>
        <translation>Income levy</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="50"/>
        <source>所得割・均等割</source>
        <translation>Income levy and per-capita levy</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="51"/>
        <source>承認待ち</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="52"/>
        <source>承認済</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="53"/>
        <location filename="../../app/views/reduction_page.py" line="226"/>
        <source>差し戻し</source>
        <translation>Return</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="114"/>
        <source>減免申請の受付</source>
        <translation>Receive a reduction application</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="117"/>
        <source>宛名番号</source>
        <translation>Person no.</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="129"/>
        <source>減免事由</source>
        <translation>Reason category</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="131"/>
        <source>確認した書類</source>
        <translation>Evidence seen</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="134"/>
        <source>書類の番号（英数字・ハイフン）</source>
        <translation>Document number (letters, digits, hyphens)</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="136"/>
        <source>書類番号</source>
        <translation>Document no.</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="138"/>
        <source>R7.8.1 / 令和7年8月1日</source>
        <translation>R7.8.1 / 令和7年8月1日</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="141"/>
        <source>申請日</source>
        <translation>Application date</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="143"/>
        <source>減免の対象</source>
        <translation>Reduces</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="145"/>
        <source>減免率</source>
        <translation>Rate</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="146"/>
        <source>減免額</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="167"/>
        <source>減免の方法</source>
        <translation>Reduction by</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="171"/>
        <source>申請の内容（例: 令和7年8月の豪雨で住家が半壊）</source>
        <translation>What was applied for (e.g. home half destroyed by the August 2025 rains)</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="173"/>
        <source>申請の内容</source>
        <translation>Application</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="180"/>
        <source>申請を登録（Ctrl+S）</source>
        <translation>Record application (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="198"/>
        <source>承認待ちの減免申請</source>
        <translation>Reduction applications waiting for approval</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="216"/>
        <source>コメント</source>
        <translation>Comment</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="220"/>
        <source>一覧を更新（F5）</source>
        <translation>Refresh list (F5)</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="223"/>
        <source>承認</source>
        <translation>Approve</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="229"/>
        <source>税額変更通知書を保存…</source>
        <translation>Save tax change notice…</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="283"/>
        <source>宛名番号は数字で入力してください。</source>
        <translation>Enter the person number in digits.</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="294"/>
        <source>その宛名番号の方は登録されていません。</source>
        <translation>No person with that number is registered.</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="298"/>
        <source>{0}&#x3000;{1}生&#x3000;版 {2}&#x3000;年税額 {3}円</source>
        <translation>{0}  born {1}  version {2}  annual tax {3} yen</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="303"/>
        <source>この方のこの年度の賦課がまだ決定されていないため、減免は受け付けられません。</source>
        <translation>This person&apos;s tax for the year is not assessed yet, so no reduction can be received.</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="313"/>
        <source>先に宛名番号で対象者を読み込んでください。</source>
        <translation>Load the person by number first.</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="321"/>
        <source>申請日を入力してください（例: R7.8.1）。</source>
        <translation>Enter the application date (e.g. R7.8.1).</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="354"/>
        <source>見込み: 市民税所得割 {0}円・県民税所得割 {1}円・均等割 {2}円を減免し、年税額は {3}円 → {4}円（承認時にデータベースが適用します）</source>
        <translation>Expected: municipal income levy {0} yen, prefectural income levy {1} yen and per-capita levy {2} yen reduced; annual tax {3} → {4} yen (the database applies it on approval)</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="369"/>
        <source>入力に誤りがあります。赤字の欄を直してください（入力内容はそのままです）。</source>
        <translation>Some input is wrong. Correct the fields in red (your input is kept).</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="379"/>
        <source>減免申請 {0} を登録しました。別の職員の承認で適用されます。</source>
        <translation>Reduction application {0} recorded. It applies once another staff member approves it.</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="411"/>
        <source>承認待ちの減免申請 {0}件</source>
        <translation>{0} reduction applications waiting</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="418"/>
        <source>申請 {0}: {1}&#x3000;確認書類: {2}（{3}）&#x3000;申請日 {4}</source>
        <translation>Application {0}: {1}  evidence: {2} ({3})  applied {4}</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="420"/>
        <source>&#x3000;※ご自身が受け付けた申請は承認できません</source>
        <translation>  (you received this application and cannot approve it)</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="443"/>
        <source>差し戻しの理由をコメント欄に入力してください。</source>
        <translation>Enter the reason for returning in the comment.</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="454"/>
        <source>減免申請 {0} を差し戻しました。</source>
        <translation>Reduction application {0} returned.</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="456"/>
        <source>減免申請 {0} を承認し、適用しました（年税額 {1}円）。</source>
        <translation>Reduction application {0} approved and applied (annual tax {1} yen).</translation>
    </message>
    <message>
        <location filename="../../app/views/reduction_page.py" line="461"/>
        <source>税額が変わったため税額変更通知書（第{0}号）を作成しました。保存して送付してください。</source>
        <translation>The tax changed, so tax change notice no. {0} was created. Save it and send it.</translation>
    </message>
</context>
<context>
    <name>RelativeModel</name>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="107"/>
        <source>続柄区分</source>
        <translation>Relation</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="107"/>
        <source>宛名番号</source>
        <translation>Person no.</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="108"/>
        <source>氏名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="108"/>
        <source>生年月日</source>
        <translation>Birth date</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="109"/>
        <source>障害</source>
        <translation>Disability</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="109"/>
        <location filename="../../app/views/return_entry_page.py" line="126"/>
        <source>同居</source>
        <translation>Living together</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="110"/>
        <source>申告所得</source>
        <translation>Declared income</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="116"/>
        <source>配偶者</source>
        <translation>Spouse</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="116"/>
        <source>扶養親族</source>
        <translation>Dependant</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="126"/>
        <source>別居</source>
        <translation>Living apart</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="127"/>
        <source>（本人の賦課による）</source>
        <translation>(from their own assessment)</translation>
    </message>
</context>
<context>
    <name>ReturnEntryPage</name>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="71"/>
        <source>住民税申告</source>
        <translation>Resident tax return</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="71"/>
        <source>確定申告</source>
        <translation>Income tax return</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="72"/>
        <source>給与支払報告書</source>
        <translation>Salary payment report</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="73"/>
        <source>公的年金等支払報告書</source>
        <translation>Public pension payment report</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="74"/>
        <source>申告なし</source>
        <translation>No return</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="74"/>
        <source>普通徴収</source>
        <translation>Ordinary collection</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="75"/>
        <source>給与特別徴収</source>
        <translation>Payroll withholding</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="75"/>
        <source>年金特別徴収</source>
        <translation>Pension withholding</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="76"/>
        <source>給与特徴・普徴併用</source>
        <translation>Payroll withholding and ordinary</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="77"/>
        <source>年金特徴・普徴併用</source>
        <translation>Pension withholding and ordinary</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="78"/>
        <source>なし</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="78"/>
        <location filename="../../app/views/return_entry_page.py" line="258"/>
        <source>障害者</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="79"/>
        <source>特別障害者</source>
        <translation>Specially disabled</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="79"/>
        <source>同居特別障害者</source>
        <translation>Specially disabled, living together</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="80"/>
        <source>寡婦</source>
        <translation>Widow</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="80"/>
        <source>ひとり親</source>
        <translation>Single parent</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="81"/>
        <source>勤労学生</source>
        <translation>Working student</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="81"/>
        <source>ひとり親・勤労学生</source>
        <translation>Single parent, working student</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="82"/>
        <source>寡婦・勤労学生</source>
        <translation>Widow, working student</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="82"/>
        <source>給与収入</source>
        <translation>Salary revenue</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="83"/>
        <source>公的年金等収入</source>
        <translation>Public pension revenue</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="83"/>
        <source>営業等所得</source>
        <translation>Business income</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="84"/>
        <source>農業所得</source>
        <translation>Agricultural income</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="84"/>
        <source>不動産所得</source>
        <translation>Real estate income</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="85"/>
        <source>利子所得</source>
        <translation>Interest income</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="85"/>
        <source>配当所得</source>
        <translation>Dividend income</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="86"/>
        <source>その他の雑所得</source>
        <translation>Other miscellaneous income</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="86"/>
        <source>社会保険料</source>
        <translation>Social insurance premiums</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="87"/>
        <source>新一般生命保険料</source>
        <translation>Life insurance (new, general)</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="87"/>
        <source>旧一般生命保険料</source>
        <translation>Life insurance (old, general)</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="88"/>
        <source>新個人年金保険料</source>
        <translation>Private pension insurance (new)</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="88"/>
        <source>旧個人年金保険料</source>
        <translation>Private pension insurance (old)</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="89"/>
        <source>介護医療保険料</source>
        <translation>Care and medical insurance</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="89"/>
        <source>地震保険料</source>
        <translation>Earthquake insurance</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="90"/>
        <source>旧長期損害保険料</source>
        <translation>Old long-term casualty insurance</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="90"/>
        <source>医療費支払額</source>
        <translation>Medical expenses paid</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="91"/>
        <source>医療費補てん額</source>
        <translation>Medical expenses reimbursed</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="92"/>
        <source>寄附金(ふるさと納税等)</source>
        <translation>Donations (hometown tax etc.)</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="93"/>
        <source>寄附金(市指定)</source>
        <translation>Donations (city-designated)</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="93"/>
        <source>寄附金(県指定)</source>
        <translation>Donations (prefecture-designated)</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="94"/>
        <source>課税</source>
        <translation>Taxable</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="94"/>
        <source>均等割・所得割とも非課税</source>
        <translation>Non-taxable (both levies)</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="95"/>
        <source>所得割非課税</source>
        <translation>Income levy non-taxable</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="96"/>
        <source>本人の障害区分</source>
        <translation>Taxpayer&apos;s disability</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="96"/>
        <source>配偶者・扶養親族</source>
        <translation>Spouse and dependants</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="97"/>
        <source>総所得金額等</source>
        <translation>Income base</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="97"/>
        <source>所得控除合計</source>
        <translation>Total income deductions</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="98"/>
        <source>市民税均等割</source>
        <translation>Municipal per-capita levy</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="98"/>
        <source>県民税均等割</source>
        <translation>Prefectural per-capita levy</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="99"/>
        <source>課税区分</source>
        <translation>Tax status</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="153"/>
        <location filename="../../app/views/return_entry_page.py" line="269"/>
        <source>宛名番号</source>
        <translation>Person no.</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="155"/>
        <source>宛名番号を入力して Enter</source>
        <translation>Person number, then Enter</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="159"/>
        <source>賦課年度</source>
        <translation>Tax year</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="162"/>
        <source>読込</source>
        <translation>Load</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="198"/>
        <source>申告の入力には賦課担当（r_assessor）の権限が必要です。</source>
        <translation>Entering returns needs the assessor (r_assessor) permission.</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="222"/>
        <source>① 申告区分・徴収方法</source>
        <translation>① Kind of return and collection</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="225"/>
        <source>申告区分</source>
        <translation>Kind of return</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="227"/>
        <source>徴収方法</source>
        <translation>Collection method</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="231"/>
        <source>給与特別徴収の指定番号</source>
        <translation>Designation number for payroll withholding</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="234"/>
        <source>事業所番号</source>
        <translation>Employer number</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="238"/>
        <source>② 収入金額等・③ 所得金額</source>
        <translation>② Revenue and ③ income</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="246"/>
        <source>④ 所得から差し引かれる金額に関する事項（支払額）</source>
        <translation>④ Amounts deducted from income (amounts paid)</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="255"/>
        <source>⑤ 本人該当事項</source>
        <translation>⑤ About the taxpayer</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="260"/>
        <source>寡婦・ひとり親・勤労学生</source>
        <translation>Widow, single parent, working student</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="264"/>
        <source>⑥ 配偶者・扶養親族（宛名番号で追加）</source>
        <translation>⑥ Spouse and dependants (add by person number)</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="274"/>
        <source>扶養親族</source>
        <translation>Dependant</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="275"/>
        <source>配偶者</source>
        <translation>Spouse</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="281"/>
        <source>同居</source>
        <translation>Living together</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="285"/>
        <source>申告所得（空欄: 本人の賦課）</source>
        <translation>Declared income (blank: their own assessment)</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="288"/>
        <source>追加</source>
        <translation>Add</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="291"/>
        <source>削除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="314"/>
        <source>⑦ 寄附金税額控除に関する事項</source>
        <translation>⑦ Donation credit</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="322"/>
        <source>⑧ 登録・更正の理由</source>
        <translation>⑧ Reason for the registration or correction</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="327"/>
        <source>例: 住民税申告書の受付、社会保険料の申告漏れによる更正</source>
        <translation>e.g. resident tax return received; correction for omitted social insurance</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="330"/>
        <source>承認依頼として保存（Ctrl+S）</source>
        <translation>Save for approval (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="339"/>
        <source>計算結果（入力に合わせて再計算）</source>
        <translation>Result (recomputed as you type)</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="344"/>
        <source>合計所得金額</source>
        <translation>Total income</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="344"/>
        <source>課税総所得金額</source>
        <translation>Taxable income</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="345"/>
        <source>市民税所得割</source>
        <translation>Municipal income levy</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="346"/>
        <source>県民税所得割</source>
        <translation>Prefectural income levy</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="347"/>
        <source>均等割（市・県）</source>
        <translation>Per-capita levy (municipal + prefectural)</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="347"/>
        <source>森林環境税</source>
        <translation>Forest environment tax</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="348"/>
        <source>年税額</source>
        <translation>Annual tax</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="349"/>
        <source>現在</source>
        <translation>Current</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="350"/>
        <source>入力後</source>
        <translation>As entered</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="396"/>
        <source>保存していない入力があります。破棄して読み込む場合は、もう一度 Enter（読込）を押してください。</source>
        <translation>There is unsaved input. To discard it and load, press Enter (Load) again.</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="403"/>
        <location filename="../../app/views/return_entry_page.py" line="476"/>
        <source>宛名番号は数字で入力してください。</source>
        <translation>Enter the person number in digits.</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="412"/>
        <location filename="../../app/views/return_entry_page.py" line="501"/>
        <source>その宛名番号の方は登録されていません。</source>
        <translation>No person with that number is registered.</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="417"/>
        <source>賦課なし</source>
        <translation>No assessment</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="417"/>
        <source>未計算</source>
        <translation>Not computed</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="417"/>
        <source>賦課決定済</source>
        <translation>Assessed</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="418"/>
        <source>通知済（更正となります）</source>
        <translation>Notified (this is a correction)</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="419"/>
        <source>{0}（{1}&#x3000;{2}）&#x3000;{3}生&#x3000;{4}&#x3000;版 {5}・{6}</source>
        <translation>{0} ({1} {2})  born {3}  {4}  version {5} · {6}</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="426"/>
        <source>差し戻された提案（番号 {0}）の内容を表示しています。差し戻し理由: {1}（{2}）</source>
        <translation>Showing returned proposal no. {0}. Reason returned: {1} ({2})</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="430"/>
        <source>承認待ちの提案（番号 {0}、{1}）があります。承認または差し戻しまで新たな保存はできません。</source>
        <translation>Proposal no. {0} ({1}) is waiting for approval. Nothing new can be saved until it is approved or returned.</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="449"/>
        <source>{0}の申告を読み込みました。</source>
        <translation>Return of {0} loaded.</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="486"/>
        <source>本人を配偶者・扶養親族にはできません。</source>
        <translation>The taxpayer cannot be their own spouse or dependant.</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="489"/>
        <source>この方は既に入力されています。</source>
        <translation>This person is already listed.</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="492"/>
        <source>配偶者は一人までです。</source>
        <translation>Only one spouse.</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="573"/>
        <source>入力に誤りがあります（{0}件）。赤字の欄を確認してください。</source>
        <translation>{0} fields are wrong; see the fields in red.</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="597"/>
        <source>課税区分: {0}</source>
        <translation>Tax status: {0}</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="600"/>
        <source>&#x3000;年税額の差: {0}円</source>
        <translation>  change in annual tax: {0} yen</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="601"/>
        <source>&#x3000;年税額の変更なし</source>
        <translation>  annual tax unchanged</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="603"/>
        <source>（未確認の税制パラメータを含む）</source>
        <translation> (includes unverified tax parameters)</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="619"/>
        <source>登録・更正の理由を入力してください。</source>
        <translation>Enter the reason for the registration or correction.</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="622"/>
        <source>入力に誤りがあります。赤字の欄を直してから保存してください（入力内容はそのままです）。</source>
        <translation>Some input is wrong. Correct the fields in red, then save (your input is kept).</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="642"/>
        <source>提案番号 {0} として保存しました。別の職員の承認で賦課に反映されます。</source>
        <translation>Saved as proposal no. {0}. It takes effect once another staff member approves it.</translation>
    </message>
    <message>
        <location filename="../../app/views/return_entry_page.py" line="645"/>
        <source>提案番号 {0} を保存しました。</source>
        <translation>Proposal no. {0} saved.</translation>
    </message>
</context>
<context>
    <name>SalaryImportPage</name>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="36"/>
        <source>読込・検証</source>
        <translation>Reading and validating</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="37"/>
        <source>宛名照合</source>
        <translation>Matching persons</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="38"/>
        <source>登録</source>
        <translation>Storing</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="140"/>
        <source>賦課年度</source>
        <translation>Tax year</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="143"/>
        <source>ファイルを選択(&amp;O)…</source>
        <translation>&amp;Open file…</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="145"/>
        <source>（ファイル未選択）</source>
        <translation>(no file chosen)</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="147"/>
        <source>一括登録(&amp;S)</source>
        <translation>&amp;Import all</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="155"/>
        <source>給与支払報告書（個人別明細書）の CSV を選ぶと、全行を検証して結果を表示します。問題がなければ全件を一度に登録します（一部だけの登録はしません）。</source>
        <translation>Choose a salary report CSV: every row is validated and the result shown. When nothing stops it, the whole file is imported at once (never part of it).</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="165"/>
        <source>不備</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="168"/>
        <source>重複</source>
        <translation>Duplicates</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="176"/>
        <source>宛名検索</source>
        <translation>Find person</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="178"/>
        <source>氏名・カナ・生年月日・宛名番号</source>
        <translation>Name, kana, date of birth or person no.</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="180"/>
        <source>検索(&amp;F)</source>
        <translation>&amp;Find</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="182"/>
        <source>この宛名に決定(&amp;P)</source>
        <translation>&amp;Pick this person</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="185"/>
        <source>再照合(&amp;K)</source>
        <translation>Chec&amp;k again</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="194"/>
        <source>宛名不明・照合</source>
        <translation>Not found / matching</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="198"/>
        <source>注意</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="217"/>
        <source>給与支払報告書の CSV を選択</source>
        <translation>Choose a salary report CSV</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="218"/>
        <source>CSV ファイル (*.csv);;すべてのファイル (*)</source>
        <translation>CSV files (*.csv);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="256"/>
        <source>不備（{0}）</source>
        <translation>Rejected ({0})</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="257"/>
        <source>重複（{0}）</source>
        <translation>Duplicates ({0})</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="258"/>
        <source>宛名不明・照合（{0}）</source>
        <translation>Not found / matching ({0})</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="259"/>
        <source>注意（{0}）</source>
        <translation>Notes ({0})</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="260"/>
        <source>{0}行: 取込可 {1}行、不備 {2}件、重複 {3}件、宛名不明 {4}件。</source>
        <translation>{0} rows: {1} accepted, {2} rejected, {3} duplicates, {4} persons not found.</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="264"/>
        <source>注意 {0}件（登録済みの扶養親族と内容が違います。登録済みの内容は変更しません）。</source>
        <translation> {0} notes (a relative differs from what is recorded; the record is not changed).</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="267"/>
        <source>「一括登録」で全件を登録できます。</source>
        <translation> &quot;Import all&quot; stores the whole file.</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="269"/>
        <source>不備を元のファイルで直してから、もう一度選んでください（何も登録していません）。</source>
        <translation> Correct the rejected rows in the file and choose it again (nothing was stored).</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="271"/>
        <source>宛名不明の行は、宛名を検索して決定し、再照合してください。</source>
        <translation> For persons not found, find and pick the right person, then check again.</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="312"/>
        <source>候補 {0}件</source>
        <translation>{0} candidates</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="313"/>
        <source>該当する宛名はありません。</source>
        <translation>No matching person.</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="331"/>
        <source>{0}行目を宛名番号 {1} に決定しました。すべて決めたら再照合してください。</source>
        <translation>Line {0} set to person no. {1}. When every person is picked, check again.</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="352"/>
        <source>登録しました（取込番号 {0}）: 報告書 {1}件、{2}人、新規賦課 {3}件、扶養 {4}件、取込済みで省略 {5}件。税額は一括計算で再計算されます。</source>
        <translation>Imported (import {0}): {1} reports, {2} persons, {3} new returns, {4} dependants, {5} already imported skipped. The batch assessment recomputes the tax.</translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <location filename="../../app/views/search_page.py" line="109"/>
        <source>照会目的</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="111"/>
        <source>（選択してください）</source>
        <translation>(choose one)</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="118"/>
        <source>氏名・カナ・生年月日（S55.5.1）・宛名番号・住所で検索（Ctrl+F）</source>
        <translation>Search by name, kana, birth date (S55.5.1), person No. or address (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="119"/>
        <source>名前は姓または名の先頭から探します（さとう・たろう・佐藤・太郎）。3文字以上なら名前の途中も探します（ちろう → イチロウ）。空白で区切って複数の言葉を入れると、いちばん長い言葉でこのように探し、ほかの言葉は氏名のどこかに含む人に絞ります。</source>
        <translation>Names are found from the start of the family or given name (さとう, たろう, 佐藤, 太郎); three or more characters also match inside a name (ちろう finds イチロウ). With several words separated by spaces, the longest word is matched this way and the others keep only names that contain them anywhere.</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="186"/>
        <location filename="../../app/views/search_page.py" line="244"/>
        <location filename="../../app/views/search_page.py" line="274"/>
        <source>照会目的を選択してください。</source>
        <translation>Choose the purpose of this look-up.</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="193"/>
        <source>検索中…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="202"/>
        <source>（上位{0}件を表示）</source>
        <translation> (first {0} shown)</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="204"/>
        <source>{0}件</source>
        <translation>{0} found</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="207"/>
        <source>該当する人はいません。</source>
        <translation>Nobody matches.</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="247"/>
        <source>読込中…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="253"/>
        <source>この宛名番号の人はいません。</source>
        <translation>No person with this number.</translation>
    </message>
</context>
<context>
    <name>StaffCardModel</name>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="83"/>
        <source>職員コード</source>
        <translation>Staff code</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="83"/>
        <source>氏名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="84"/>
        <source>権限</source>
        <translation>Roles</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="84"/>
        <source>カード</source>
        <translation>Card</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="85"/>
        <source>カード識別子</source>
        <translation>Card GUID</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="85"/>
        <source>鍵の指紋</source>
        <translation>Key fingerprint</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="86"/>
        <source>発行日時</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="86"/>
        <source>発行者</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="87"/>
        <source>失効日時</source>
        <translation>Revoked</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="87"/>
        <source>失効者</source>
        <translation>Revoked by</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="91"/>
        <source>職員無効</source>
        <translation>Staff inactive</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="93"/>
        <source>承認待ち</source>
        <translation>Awaiting approval</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="93"/>
        <source>有効・新カード承認待ち</source>
        <translation>Active, new card pending</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="94"/>
        <source>有効</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="94"/>
        <source>失効</source>
        <translation>Revoked</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="94"/>
        <source>未発行</source>
        <translation>None issued</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="106"/>
        <source>SHA-256: {0}</source>
        <translation>SHA-256: {0}</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="108"/>
        <source>承認待ちのカード: {0}（{1} {2} 発行）</source>
        <translation>Card awaiting approval: {0} (issued {1} by {2})</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="111"/>
        <source>これまでに発行したカード: {0}枚</source>
        <translation>Cards issued so far: {0}</translation>
    </message>
</context>
<context>
    <name>StepModel</name>
    <message>
        <location filename="../../app/views/assessment_widgets.py" line="87"/>
        <location filename="../../app/views/person_view.py" line="45"/>
        <source>項目</source>
        <translation>Step</translation>
    </message>
    <message>
        <location filename="../../app/views/assessment_widgets.py" line="88"/>
        <location filename="../../app/views/person_view.py" line="45"/>
        <source>金額</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../app/views/assessment_widgets.py" line="89"/>
        <location filename="../../app/views/person_view.py" line="46"/>
        <source>計算方法</source>
        <translation>Rule</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="46"/>
        <source>根拠</source>
        <translation>Legal basis</translation>
    </message>
</context>
<context>
    <name>TaxHistoryChart</name>
    <message>
        <location filename="../../app/views/person_view.py" line="263"/>
        <source>市民税</source>
        <translation>Municipal tax</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="265"/>
        <source>県民税</source>
        <translation>Prefectural tax</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="267"/>
        <source>森林環境税</source>
        <translation>Forest environment tax</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="270"/>
        <source>年税額（円）</source>
        <translation>Annual tax (yen)</translation>
    </message>
</context>
<context>
    <name>TerminalGuard</name>
    <message>
        <location filename="../../app/views/lock.py" line="197"/>
        <source>別のカードが挿入されたため、前の職員のセッションを終了しました。保存していない入力は破棄されました。</source>
        <translation>Another card was inserted, so the previous staff member&apos;s session was ended. Unsaved input was discarded.</translation>
    </message>
</context>
<context>
    <name>UnblockDialog</name>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="238"/>
        <source>職員 {0}（{1}）のカードのPINロックを解除します。
そのカードを発行用リーダーに挿入し、PUK（ロック解除コード）と新しいPINを入力してください。</source>
        <translation>Unblock the PIN of staff member {0} ({1})&apos;s card.
Insert that card in the issuing reader and type the PUK (unblock code) and a new PIN.</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="241"/>
        <source>PINロック解除</source>
        <translation>Unblock PIN</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="241"/>
        <source>ロック解除</source>
        <translation>Unblock</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="242"/>
        <source>PUK</source>
        <translation>PUK</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="243"/>
        <source>新しいPIN（6〜8桁）</source>
        <translation>New PIN (6–8 digits)</translation>
    </message>
    <message>
        <location filename="../../app/views/card_admin_page.py" line="244"/>
        <source>新しいPIN（確認）</source>
        <translation>New PIN (again)</translation>
    </message>
</context>
<context>
    <name>UnmatchedModel</name>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="67"/>
        <source>行</source>
        <translation>Line</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="67"/>
        <source>区分</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="68"/>
        <source>氏名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="68"/>
        <source>フリガナ</source>
        <translation>Name (kana)</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="69"/>
        <source>生年月日</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="69"/>
        <source>宛名番号</source>
        <translation>Person no.</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="70"/>
        <source>状況</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="70"/>
        <source>選択した宛名</source>
        <translation>Picked person</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="72"/>
        <source>受給者</source>
        <translation>Employee</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="73"/>
        <source>配偶者</source>
        <translation>Spouse</translation>
    </message>
    <message>
        <location filename="../../app/views/salary_import_page.py" line="85"/>
        <source>扶養親族{0}</source>
        <translation>Dependant {0}</translation>
    </message>
</context>
<context>
    <name>VersionModel</name>
    <message>
        <location filename="../../app/views/assessment_widgets.py" line="120"/>
        <source>当初（一括計算・取込）</source>
        <translation>Initial (batch or import)</translation>
    </message>
    <message>
        <location filename="../../app/views/assessment_widgets.py" line="121"/>
        <source>申告・更正</source>
        <translation>Return or correction</translation>
    </message>
    <message>
        <location filename="../../app/views/assessment_widgets.py" line="122"/>
        <source>減免</source>
        <translation>Reduction</translation>
    </message>
    <message>
        <location filename="../../app/views/assessment_widgets.py" line="128"/>
        <source>版</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../app/views/assessment_widgets.py" line="128"/>
        <source>内容</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../app/views/assessment_widgets.py" line="129"/>
        <source>年税額</source>
        <translation>Annual tax</translation>
    </message>
    <message>
        <location filename="../../app/views/assessment_widgets.py" line="129"/>
        <source>提案者</source>
        <translation>Proposed by</translation>
    </message>
    <message>
        <location filename="../../app/views/assessment_widgets.py" line="130"/>
        <source>承認日時</source>
        <translation>Approved at</translation>
    </message>
    <message>
        <location filename="../../app/views/assessment_widgets.py" line="130"/>
        <source>承認者・更新者</source>
        <translation>Approved or updated by</translation>
    </message>
    <message>
        <location filename="../../app/views/assessment_widgets.py" line="131"/>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/views/assessment_widgets.py" line="139"/>
        <source>（通知書 第{0}号）</source>
        <translation> (notice no. {0})</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <location filename="../../app/views/messages.py" line="19"/>
        <source>予期しないエラーが発生しました。システム管理者に連絡してください。</source>
        <translation>An unexpected error occurred. Please contact the system administrator.</translation>
    </message>
</context>
</TS>

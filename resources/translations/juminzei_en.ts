<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ja_JP">
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
        <location filename="../../app/views/person_view.py" line="68"/>
        <source>所得</source>
        <translation>Income</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="71"/>
        <source>給与</source>
        <translation>Salary</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="72"/>
        <source>公的年金等</source>
        <translation>Public pensions</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="73"/>
        <source>営業等</source>
        <translation>Business</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="74"/>
        <source>農業</source>
        <translation>Agriculture</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="75"/>
        <source>不動産</source>
        <translation>Real estate</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="76"/>
        <source>利子</source>
        <translation>Interest</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="77"/>
        <source>配当</source>
        <translation>Dividends</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="78"/>
        <source>その他の雑所得</source>
        <translation>Other miscellaneous</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="80"/>
        <source>収入 </source>
        <translation>revenue </translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="81"/>
        <source>所得 </source>
        <translation>income </translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="83"/>
        <source>合計所得金額</source>
        <translation>Total income</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="85"/>
        <source>総所得金額等</source>
        <translation>Income base (総所得金額等)</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="89"/>
        <source>所得控除</source>
        <translation>Income deductions</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="93"/>
        <source>所得控除合計</source>
        <translation>Total deductions</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="94"/>
        <source>課税総所得金額</source>
        <translation>Taxable income</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="99"/>
        <source>税額</source>
        <translation>Tax</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="101"/>
        <source>市民税 所得割</source>
        <translation>Municipal income levy</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="102"/>
        <source>市民税 均等割</source>
        <translation>Municipal per-capita levy</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="103"/>
        <source>県民税 所得割</source>
        <translation>Prefectural income levy</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="104"/>
        <source>県民税 均等割</source>
        <translation>Prefectural per-capita levy</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="105"/>
        <source>森林環境税</source>
        <translation>Forest environment tax</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="108"/>
        <source>年税額</source>
        <translation>Annual tax</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="113"/>
        <source>徴収方法: {0}</source>
        <translation>Collection: {0}</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="118"/>
        <source>{0}月分</source>
        <translation>{0} (month)</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="119"/>
        <source>第{0}期</source>
        <translation>Instalment {0}</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="124"/>
        <source>納期ごとの税額はありません。</source>
        <translation>No instalments.</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="125"/>
        <source>年金特別徴収の納期は年金特別徴収の業務画面で扱います。</source>
        <translation>Pension withholding instalments are handled in the pension collection work.</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="127"/>
        <source>特別徴収義務者: {0}（{1}）</source>
        <translation>Withholding employer: {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="131"/>
        <source>計算根拠</source>
        <translation>Calculation basis</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="151"/>
        <source>{0}（{1}年中の所得） 状態: {2} / {3}</source>
        <translation>{0} (income of {1}) status: {2} / {3}</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="154"/>
        <source> ※公式資料で未確認の税制パラメータを含みます</source>
        <translation> * includes tax parameters not yet confirmed from an official source</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="165"/>
        <source>給与特別徴収</source>
        <translation>Payroll withholding</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="166"/>
        <source>普通徴収</source>
        <translation>Ordinary collection</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="167"/>
        <source>年金特別徴収</source>
        <translation>Pension withholding</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="168"/>
        <source>給与特別徴収・普通徴収</source>
        <translation>Payroll withholding and ordinary</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="169"/>
        <source>年金特別徴収・普通徴収</source>
        <translation>Pension withholding and ordinary</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="170"/>
        <source>なし</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="173"/>
        <source>未計算</source>
        <translation>Not computed</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="174"/>
        <source>賦課決定済</source>
        <translation>Assessed</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="175"/>
        <source>通知済</source>
        <translation>Notified</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="178"/>
        <source>課税</source>
        <translation>Taxable</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="179"/>
        <source>非課税（均等割・所得割とも）</source>
        <translation>Non-taxable (both levies)</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="180"/>
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
        <source>個人照会</source>
        <translation>Person read</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="16"/>
        <source>個人番号表示</source>
        <translation>My Number reveal</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="17"/>
        <source>課税内容照会</source>
        <translation>Assessment read</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="18"/>
        <source>世帯照会</source>
        <translation>Household read</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="19"/>
        <source>操作ログ閲覧</source>
        <translation>Audit log read</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="20"/>
        <source>職員登録</source>
        <translation>Staff registration</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="21"/>
        <source>端末登録</source>
        <translation>Terminal registration</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="22"/>
        <source>端末失効</source>
        <translation>Terminal revocation</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="23"/>
        <source>架空データ投入</source>
        <translation>Synthetic data load</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="28"/>
        <source>番号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="28"/>
        <source>日時</source>
        <translation>Date and time</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="29"/>
        <source>職員</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="29"/>
        <source>端末</source>
        <translation>Terminal</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="30"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="30"/>
        <source>宛名番号</source>
        <translation>Person No.</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="31"/>
        <source>目的</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="31"/>
        <source>結果</source>
        <translation>Result</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <location filename="../../app/views/audit_page.py" line="49"/>
        <source>改ざん検査を実行</source>
        <translation>Check for tampering</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="52"/>
        <source>最近7日間のログを表示</source>
        <translation>Show the last 7 days</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="72"/>
        <source>検査中…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="82"/>
        <source>正常: {0}件のログに改ざんはありません。</source>
        <translation>OK: no tampering in {0} log entries.</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="84"/>
        <source>異常: ログ番号 {0} で不整合（{1}）</source>
        <translation>BROKEN: inconsistency at log entry {0} ({1})</translation>
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
    <name>DemoReaderPanel</name>
    <message>
        <location filename="../../app/views/demo_app.py" line="23"/>
        <source>カードリーダー（デモ）</source>
        <translation>Card reader (demo)</translation>
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
        <source>デモのPINはすべて {0} です。</source>
        <translation>Every demo card has the PIN {0}.</translation>
    </message>
    <message>
        <location filename="../../app/views/demo_app.py" line="45"/>
        <source>デモのPIN: {0}</source>
        <translation>Demo PIN: {0}</translation>
    </message>
    <message>
        <location filename="../../app/views/demo_app.py" line="50"/>
        <source>挿入中: {0}</source>
        <translation>Inserted: {0}</translation>
    </message>
    <message>
        <location filename="../../app/views/demo_app.py" line="54"/>
        <source>カードは挿入されていません</source>
        <translation>No card inserted</translation>
    </message>
</context>
<context>
    <name>EmployeeModel</name>
    <message>
        <location filename="../../app/views/employer_page.py" line="38"/>
        <source>宛名番号</source>
        <translation>Person No.</translation>
    </message>
    <message>
        <location filename="../../app/views/employer_page.py" line="38"/>
        <source>氏名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/views/employer_page.py" line="39"/>
        <source>カナ</source>
        <translation>Kana</translation>
    </message>
    <message>
        <location filename="../../app/views/employer_page.py" line="39"/>
        <source>年税額</source>
        <translation>Annual tax</translation>
    </message>
    <message>
        <location filename="../../app/views/employer_page.py" line="70"/>
        <source>{0}月</source>
        <translation>{0}</translation>
    </message>
    <message>
        <location filename="../../app/views/employer_page.py" line="84"/>
        <source>合計（{0}人）</source>
        <translation>Total ({0} persons)</translation>
    </message>
</context>
<context>
    <name>EmployerPage</name>
    <message>
        <location filename="../../app/views/employer_page.py" line="103"/>
        <source>照会目的</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../app/views/employer_page.py" line="109"/>
        <source>賦課年度</source>
        <translation>Tax year</translation>
    </message>
    <message>
        <location filename="../../app/views/employer_page.py" line="116"/>
        <source>事業所名・カナ・指定番号で検索</source>
        <translation>Search by employer name, kana or designation number</translation>
    </message>
    <message>
        <location filename="../../app/views/employer_page.py" line="148"/>
        <source>月別徴収額（円）</source>
        <translation>Monthly withholding (yen)</translation>
    </message>
    <message>
        <location filename="../../app/views/employer_page.py" line="149"/>
        <source>{0}月</source>
        <translation>{0}</translation>
    </message>
    <message>
        <location filename="../../app/views/employer_page.py" line="175"/>
        <source>{0}  {1}（{2}人）</source>
        <translation>{0}  {1} ({2} persons)</translation>
    </message>
    <message>
        <location filename="../../app/views/employer_page.py" line="178"/>
        <source>{0}件</source>
        <translation>{0} found</translation>
    </message>
    <message>
        <location filename="../../app/views/employer_page.py" line="178"/>
        <source>該当する事業所はありません。</source>
        <translation>No employer matches.</translation>
    </message>
    <message>
        <location filename="../../app/views/employer_page.py" line="201"/>
        <source>{0}の特別徴収対象者 {1}人</source>
        <translation>{0}: {1} employees under payroll withholding</translation>
    </message>
</context>
<context>
    <name>HouseholdModel</name>
    <message>
        <location filename="../../app/views/person_view.py" line="185"/>
        <source>続柄</source>
        <translation>Relation</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="185"/>
        <source>氏名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="186"/>
        <source>カナ</source>
        <translation>Kana</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="186"/>
        <source>生年月日</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="187"/>
        <source>性別</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="187"/>
        <source>扶養</source>
        <translation>Claimed as</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="188"/>
        <location filename="../../app/views/person_view.py" line="191"/>
        <source>課税</source>
        <translation>Taxable</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="189"/>
        <source>配偶者として控除</source>
        <translation>Spouse deduction</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="190"/>
        <source>扶養親族</source>
        <translation>Dependant</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="192"/>
        <source>非課税</source>
        <translation>Non-taxable</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="198"/>
        <source>資料なし</source>
        <translation>No records</translation>
    </message>
</context>
<context>
    <name>HouseholdTab</name>
    <message>
        <location filename="../../app/views/person_view.py" line="213"/>
        <source>賦課期日</source>
        <translation>Levy date</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="236"/>
        <source>読込中…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="243"/>
        <source>{0}人</source>
        <translation>{0} persons</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="244"/>
        <source>この年の1月1日に市内の世帯の記録はありません。</source>
        <translation>No household record in the city on 1 January of this year.</translation>
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
        <location filename="../../app/views/person_view.py" line="284"/>
        <source>← 一覧に戻る（Esc）</source>
        <translation>← Back to the list (Esc)</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="296"/>
        <source>宛名番号</source>
        <translation>Person No.</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="297"/>
        <source>生年月日</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="297"/>
        <source>{0}（{1}歳）</source>
        <translation>{0} (age {1})</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="299"/>
        <source>性別</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="300"/>
        <source>状態</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="302"/>
        <source>現住所</source>
        <translation>Current address</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="303"/>
        <source>個人番号</source>
        <translation>My Number</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="303"/>
        <source>（登録なし）</source>
        <translation>(none on file)</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="312"/>
        <source>{0}の住所</source>
        <translation>Address on {0}</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="320"/>
        <source>この人の課税資料はありません。</source>
        <translation>No tax records for this person.</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="320"/>
        <source>課税</source>
        <translation>Taxable</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="328"/>
        <source>1月1日世帯</source>
        <translation>Household on 1 January</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="330"/>
        <source>税額の推移</source>
        <translation>Tax over the years</translation>
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
        <location filename="../../app/views/search_page.py" line="182"/>
        <location filename="../../app/views/search_page.py" line="240"/>
        <location filename="../../app/views/search_page.py" line="270"/>
        <source>照会目的を選択してください。</source>
        <translation>Choose the purpose of this look-up.</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="189"/>
        <source>検索中…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="198"/>
        <source>（上位{0}件を表示）</source>
        <translation> (first {0} shown)</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="200"/>
        <source>{0}件</source>
        <translation>{0} found</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="203"/>
        <source>該当する人はいません。</source>
        <translation>Nobody matches.</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="243"/>
        <source>読込中…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="249"/>
        <source>この宛名番号の人はいません。</source>
        <translation>No person with this number.</translation>
    </message>
</context>
<context>
    <name>StepModel</name>
    <message>
        <location filename="../../app/views/person_view.py" line="42"/>
        <source>項目</source>
        <translation>Step</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="42"/>
        <source>金額</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="43"/>
        <source>計算方法</source>
        <translation>Rule</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="43"/>
        <source>根拠</source>
        <translation>Legal basis</translation>
    </message>
</context>
<context>
    <name>TaxHistoryChart</name>
    <message>
        <location filename="../../app/views/person_view.py" line="258"/>
        <source>市民税</source>
        <translation>Municipal tax</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="260"/>
        <source>県民税</source>
        <translation>Prefectural tax</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="262"/>
        <source>森林環境税</source>
        <translation>Forest environment tax</translation>
    </message>
    <message>
        <location filename="../../app/views/person_view.py" line="265"/>
        <source>年税額（円）</source>
        <translation>Annual tax (yen)</translation>
    </message>
</context>
<context>
    <name>TerminalGuard</name>
    <message>
        <location filename="../../app/views/lock.py" line="192"/>
        <source>別のカードが挿入されたため、前の職員のセッションを終了しました。保存していない入力は破棄されました。</source>
        <translation>Another card was inserted, so the previous staff member&apos;s session was ended. Unsaved input was discarded.</translation>
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

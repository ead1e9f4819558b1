<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ja_JP">
<context>
    <name>AuditEventModel</name>
    <message>
        <location filename="../../app/views/audit_page.py" line="25"/>
        <source>宛名検索</source>
        <translation>Person search</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="26"/>
        <source>個人照会</source>
        <translation>Person read</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="27"/>
        <source>個人番号表示</source>
        <translation>My Number reveal</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="28"/>
        <source>課税内容照会</source>
        <translation>Assessment read</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="29"/>
        <source>世帯照会</source>
        <translation>Household read</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="30"/>
        <source>操作ログ閲覧</source>
        <translation>Audit log read</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="31"/>
        <source>職員登録</source>
        <translation>Staff registration</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="32"/>
        <source>端末登録</source>
        <translation>Terminal registration</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="33"/>
        <source>端末失効</source>
        <translation>Terminal revocation</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="34"/>
        <source>架空データ投入</source>
        <translation>Synthetic data load</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="39"/>
        <source>番号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="39"/>
        <source>日時</source>
        <translation>Date and time</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="40"/>
        <source>職員</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="40"/>
        <source>端末</source>
        <translation>Terminal</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="41"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="41"/>
        <source>宛名番号</source>
        <translation>Person No.</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="42"/>
        <source>目的</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="42"/>
        <source>結果</source>
        <translation>Result</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <location filename="../../app/views/audit_page.py" line="81"/>
        <source>改ざん検査を実行</source>
        <translation>Check for tampering</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="84"/>
        <source>最近7日間のログを表示</source>
        <translation>Show the last 7 days</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="104"/>
        <source>検査中…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="114"/>
        <source>正常: {0}件のログに改ざんはありません。</source>
        <translation>OK: no tampering in {0} log entries.</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="116"/>
        <source>異常: ログ番号 {0} で不整合（{1}）</source>
        <translation>BROKEN: inconsistency at log entry {0} ({1})</translation>
    </message>
</context>
<context>
    <name>DemoLoginDialog</name>
    <message>
        <location filename="../../app/views/login_dialog.py" line="26"/>
        <source>ログイン（デモ）</source>
        <translation>Log in (demo)</translation>
    </message>
    <message>
        <location filename="../../app/views/login_dialog.py" line="30"/>
        <source>デモ環境です。セキュリティカードの代わりに職員を選んでください。
データはすべて架空のものです。</source>
        <translation>This is the demo. Choose a staff member instead of inserting a security card.
All data is synthetic.</translation>
    </message>
    <message>
        <location filename="../../app/views/login_dialog.py" line="38"/>
        <source>職員</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../app/views/login_dialog.py" line="44"/>
        <source>ログイン</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../app/views/login_dialog.py" line="45"/>
        <source>終了</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../app/views/login_dialog.py" line="53"/>
        <source>接続中…</source>
        <translation>Connecting…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/views/main_window.py" line="32"/>
        <source>Juminzei Desk 個人住民税システム — 花巻市</source>
        <translation>Juminzei Desk resident tax system — Hanamaki City</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="37"/>
        <source>花巻市 個人住民税</source>
        <translation>Hanamaki City resident tax</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="42"/>
        <source>職員: {0}（{1}）</source>
        <translation>Staff: {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="43"/>
        <source>端末: {0}</source>
        <translation>Terminal: {0}</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="52"/>
        <source>照会</source>
        <translation>Inquiry</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="52"/>
        <source>操作ログ</source>
        <translation>Audit log</translation>
    </message>
</context>
<context>
    <name>PersonDetail</name>
    <message>
        <location filename="../../app/views/search_page.py" line="45"/>
        <source>個人の情報</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="49"/>
        <source>宛名番号</source>
        <translation>Person No.</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="49"/>
        <source>氏名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="50"/>
        <source>カナ</source>
        <translation>Kana</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="50"/>
        <source>生年月日</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="50"/>
        <source>性別</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="51"/>
        <source>住所</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="51"/>
        <source>状態</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="60"/>
        <source>個人番号を表示</source>
        <translation>Show My Number</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="65"/>
        <source>個人番号</source>
        <translation>My Number</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="79"/>
        <source>{0}（{1}歳）</source>
        <translation>{0} (age {1})</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="84"/>
        <location filename="../../app/views/search_page.py" line="89"/>
        <source>（登録なし）</source>
        <translation>(none on file)</translation>
    </message>
</context>
<context>
    <name>PersonTableModel</name>
    <message>
        <location filename="../../app/views/person_model.py" line="27"/>
        <source>宛名番号</source>
        <translation>Person No.</translation>
    </message>
    <message>
        <location filename="../../app/views/person_model.py" line="27"/>
        <source>氏名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/views/person_model.py" line="28"/>
        <source>カナ</source>
        <translation>Kana</translation>
    </message>
    <message>
        <location filename="../../app/views/person_model.py" line="28"/>
        <source>生年月日</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../app/views/person_model.py" line="29"/>
        <source>性別</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../app/views/person_model.py" line="29"/>
        <source>住所</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../app/views/person_model.py" line="30"/>
        <source>状態</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/views/person_model.py" line="78"/>
        <source>男</source>
        <translation>Male</translation>
    </message>
    <message>
        <location filename="../../app/views/person_model.py" line="78"/>
        <source>女</source>
        <translation>Female</translation>
    </message>
    <message>
        <location filename="../../app/views/person_model.py" line="80"/>
        <source>住民</source>
        <translation>Resident</translation>
    </message>
    <message>
        <location filename="../../app/views/person_model.py" line="81"/>
        <source>転出</source>
        <translation>Moved out</translation>
    </message>
    <message>
        <location filename="../../app/views/person_model.py" line="82"/>
        <source>死亡</source>
        <translation>Deceased</translation>
    </message>
    <message>
        <location filename="../../app/views/person_model.py" line="83"/>
        <source>住登外</source>
        <translation>Non-resident</translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <location filename="../../app/views/search_page.py" line="105"/>
        <source>照会目的</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="107"/>
        <source>（選択してください）</source>
        <translation>(choose one)</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="114"/>
        <source>氏名・カナ・生年月日（S55.5.1）・宛名番号・住所で検索（Ctrl+F）</source>
        <translation>Search by name, kana, birth date (S55.5.1), person No. or address (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="176"/>
        <location filename="../../app/views/search_page.py" line="228"/>
        <source>照会目的を選択してください。</source>
        <translation>Choose the purpose of this look-up.</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="183"/>
        <source>検索中…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="191"/>
        <source>（上位{0}件を表示）</source>
        <translation> (first {0} shown)</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="192"/>
        <source>{0}件</source>
        <translation>{0} found</translation>
    </message>
    <message>
        <location filename="../../app/views/search_page.py" line="195"/>
        <source>該当する人はいません。</source>
        <translation>Nobody matches.</translation>
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

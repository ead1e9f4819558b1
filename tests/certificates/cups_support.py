"""A private CUPS scheduler for the printing tests.

It runs as its own cupsd (foreground child of the test session) with its own configuration,
spool, state and logs in a temporary directory and its own TCP port; the machine's cupsd and
/etc/cups are never touched. The queue writes what the filter chain produces to a file (FileDevice
is enabled only in this private configuration), through a PPD that declares a PDF printer, so the
job passes CUPS' real pdftopdf filter and the output is a PDF page we can rasterise.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

PDF_PRINTER_PPD = """*PPD-Adobe: "4.3"
*FormatVersion: "4.3"
*FileVersion: "1.0"
*LanguageVersion: English
*LanguageEncoding: ISOLatin1
*PCFileName: "C8PDF.PPD"
*Manufacturer: "Juminzei Test"
*Product: "(C8 PDF file printer)"
*ModelName: "C8 PDF file printer"
*ShortNickName: "C8 PDF file printer"
*NickName: "C8 PDF file printer"
*PSVersion: "(3010.000) 0"
*LanguageLevel: "3"
*ColorDevice: True
*DefaultColorSpace: RGB
*FileSystem: False
*Throughput: "1"
*LandscapeOrientation: Plus90
*TTRasterizer: Type42
*cupsVersion: 2.4
*cupsFilter2: "application/vnd.cups-pdf application/pdf 0 -"
*OpenUI *PageSize/Media Size: PickOne
*OrderDependency: 10 AnySetup *PageSize
*DefaultPageSize: A4
*PageSize A4/A4: "<</PageSize[595 842]/ImagingBBox null>>setpagedevice"
*CloseUI: *PageSize
*OpenUI *PageRegion/Media Size: PickOne
*OrderDependency: 10 AnySetup *PageRegion
*DefaultPageRegion: A4
*PageRegion A4/A4: "<</PageSize[595 842]/ImagingBBox null>>setpagedevice"
*CloseUI: *PageRegion
*DefaultImageableArea: A4
*ImageableArea A4/A4: "0 0 595 842"
*DefaultPaperDimension: A4
*PaperDimension A4/A4: "595 842"
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PrivateCups:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = _free_port()
        self.server = f"127.0.0.1:{self.port}"
        self.out_dir = root / "out"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "CUPS_SERVER": self.server}

    def start(self) -> None:
        etc, spool = self.root / "etc", self.root / "spool"
        for d in (etc, etc / "ppd", spool, spool / "tmp", self.root / "cache", self.root / "state",
                  self.root / "log", self.out_dir):
            d.mkdir(parents=True, exist_ok=True)
        os.chmod(self.root, 0o755)
        os.chmod(spool / "tmp", 0o1777)
        os.chmod(self.out_dir, 0o777)  # the file device writes as the filter user (lp)
        (etc / "cups-files.conf").write_text(f"""ServerRoot {etc}
RequestRoot {spool}
TempDir {spool / 'tmp'}
CacheDir {self.root / 'cache'}
StateDir {self.root / 'state'}
ServerBin /usr/lib/cups
DataDir /usr/share/cups
ErrorLog {self.root / 'log' / 'error_log'}
AccessLog {self.root / 'log' / 'access_log'}
PageLog {self.root / 'log' / 'page_log'}
FileDevice Yes
SystemGroup root
Printcap {self.root / "printcap"}
""")
        (etc / "cupsd.conf").write_text(f"""Listen 127.0.0.1:{self.port}
LogLevel info
Browsing No
DefaultAuthType None
WebInterface No
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
""")
        with open(self.root / "log" / "cupsd.stderr", "wb") as stderr:
            self.process = subprocess.Popen(["/usr/sbin/cupsd", "-f", "-c", str(etc / "cupsd.conf"),
                                             "-s", str(etc / "cups-files.conf")],
                                            stdout=subprocess.DEVNULL, stderr=stderr)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                stderr_text = (self.root / "log" / "cupsd.stderr").read_text(errors="replace")
                raise RuntimeError(f"cupsd exited: {stderr_text} {self.log()}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        raise RuntimeError("cupsd did not start: " + self.log())

    def add_pdf_queue(self, name: str) -> Path:
        """A queue whose output (a PDF after CUPS' filters) lands in out/<name>.pdf."""
        ppd = self.root / f"{name}.ppd"
        ppd.write_text(PDF_PRINTER_PPD)
        target = self.out_dir / f"{name}.pdf"
        subprocess.run(["lpadmin", "-h", self.server, "-p", name, "-E", "-v", f"file://{target}", "-P", str(ppd)],
                       check=True, capture_output=True, env=self.env, timeout=30)
        subprocess.run(["cupsenable", "-h", self.server, name], check=True, capture_output=True, env=self.env,
                       timeout=30)
        subprocess.run(["cupsaccept", "-h", self.server, name], check=True, capture_output=True, env=self.env,
                       timeout=30)
        return target

    def page_log(self) -> str:
        """CUPS' accounting of printed sheets: one line per job with `total N` impressions."""
        path = self.root / "log" / "page_log"
        return path.read_text(errors="replace") if path.exists() else ""

    def log(self) -> str:
        path = self.root / "log" / "error_log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)

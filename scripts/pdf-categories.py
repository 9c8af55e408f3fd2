#!/usr/bin/env python3
"""A category file for `hireloop eval match --categories` made from resumes kept as PDFs
in one folder per category (such as ../shared/data/resume_pdfs): the folder's name is the
category, pdftotext (Debian's poppler-utils) gives the text, blank lines and surrounding
spaces are dropped. Writes a CSV with `Category` and `Resume` columns to OUT; the data
stays outside the repository.

    scripts/pdf-categories.py ../shared/data/resume_pdfs /tmp/pdf-categories.csv
"""

import csv
import os
import subprocess
import sys


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    root, out = sys.argv[1], sys.argv[2]
    rows, failed = [], []
    for category in sorted(os.listdir(root)):
        folder = os.path.join(root, category)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if not name.lower().endswith(".pdf"):
                continue
            path = os.path.join(folder, name)
            run = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True)
            lines = [line.strip() for line in run.stdout.splitlines() if line.strip()]
            if run.returncode != 0 or not lines:
                failed.append(path)
                continue
            rows.append((category, "\n".join(lines)))
    with open(out, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Category", "Resume"])
        w.writerows(rows)
    print(f"{out}: {len(rows)} resumes in {len({r[0] for r in rows})} categories")
    for path in failed:
        print(f"no text: {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Executes a notebook as `jupyter nbconvert --to notebook --execute --allow-errors` does, with the same engine
(nbclient), without nbconvert's command-line layer: the kernel starts in the notebook's folder, errors are kept as
outputs, and the executed copy is written to OUT. Used by JupyterRunner for the runs that need not prove the command
README gives teachers (JupyterTests runs that command); it saves about a second and a half of CPU a chapter.

  /usr/bin/python3 execute_notebook.py NOTEBOOK OUT KERNEL_NAME TIMEOUT_SECONDS
"""
import os
import sys

import nbformat
from nbclient import NotebookClient


def main(source, out, kernel_name, timeout):
    with open(source, encoding="utf-8") as f:
        notebook = nbformat.read(f, as_version=4)
    folder = os.path.dirname(os.path.abspath(source))
    NotebookClient(notebook, kernel_name=kernel_name, timeout=int(timeout), allow_errors=True,
                   resources={"metadata": {"path": folder}}).execute()
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    partial = out + ".partial"
    # UTF-8 whatever the locale (the test host's may be C): the Chinese edition's text would not encode otherwise.
    with open(partial, "w", encoding="utf-8") as f:
        nbformat.write(notebook, f)
    os.replace(partial, out)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("usage: execute_notebook.py NOTEBOOK OUT KERNEL_NAME TIMEOUT_SECONDS")
    main(*sys.argv[1:])

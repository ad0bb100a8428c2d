#!/usr/bin/env python3
"""Runs one end-to-end CLI case: tests/cli/<group>/<case>/

  cmd              bash snippet; `corral` is the binary under test (on PATH); cwd is the case dir;
                   $DATA is tests/data, $TMP a fresh temporary directory, $CORRAL the binary path
  stdin            optional, fed to the command
  expected-stdout  exact bytes expected on stdout
  expected-rc      exit status (default 0)
  expected-stderr  optional, exact bytes expected on stderr (checked only when the file exists)

UPDATE_GOLDEN=1 rewrites expected-stdout/expected-rc (and expected-stderr when present): review the
diff before committing.
"""
import os
import shutil
import subprocess
import sys
import tempfile


def read(path, default=None):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return default


def strip_sanitizer_noise(data):
    # ASan/UBSan runtime lines start with ==PID== ; keep the comparison about corral's own output.
    return b"".join(l for l in data.splitlines(True) if not l.startswith(b"=="))


def main():
    binary, case_dir = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    src = os.path.dirname(os.path.dirname(os.path.dirname(case_dir)))  # tests/
    cmd = read(os.path.join(case_dir, "cmd")).decode()
    stdin = read(os.path.join(case_dir, "stdin"), b"")
    with tempfile.TemporaryDirectory(prefix="corral-cli-") as tmp:
        bindir = os.path.join(tmp, "bin")
        os.mkdir(bindir)
        os.symlink(binary, os.path.join(bindir, "corral"))
        env = dict(os.environ)
        env.update({
            "PATH": bindir + os.pathsep + env.get("PATH", "/usr/bin:/bin"),
            "DATA": os.path.join(src, "data"),
            "TMP": tmp,
            "HOME": tmp,
            "CORRAL": binary,
            "NO_COLOR": "1",
            "LC_ALL": "C.UTF-8",
            "TZ": "UTC",
        })
        env.setdefault("CORRAL_MODULE_DIR", os.path.dirname(binary))
        # The config file is read from $HOME (the temporary directory) only, not from the caller's.
        for name in ("XDG_CONFIG_HOME", "CORRAL_CONFIG", "CORRAL_OUTPUT"):
            env.pop(name, None)
        proc = subprocess.run(["bash", "-c", cmd], cwd=case_dir, input=stdin,
                              capture_output=True, env=env, timeout=120)
    out, err, rc = proc.stdout, strip_sanitizer_noise(proc.stderr), proc.returncode

    paths = {k: os.path.join(case_dir, "expected-" + k) for k in ("stdout", "rc", "stderr")}
    if os.environ.get("UPDATE_GOLDEN") == "1":
        with open(paths["stdout"], "wb") as f:
            f.write(out)
        with open(paths["rc"], "w") as f:
            f.write(f"{rc}\n")
        if os.path.exists(paths["stderr"]):
            with open(paths["stderr"], "wb") as f:
                f.write(err)
        print(f"updated {case_dir}")
        return 0

    failures = []
    want_rc = int((read(paths["rc"], b"0").decode().strip() or "0"))
    if rc != want_rc:
        failures.append(f"exit status {rc}, expected {want_rc}")
    want_out = read(paths["stdout"], b"")
    if out != want_out:
        failures.append("stdout differs")
    want_err = read(paths["stderr"])
    if want_err is not None and err != want_err:
        failures.append("stderr differs")
    if failures:
        print(f"FAIL {case_dir}: " + "; ".join(failures))
        print("---- command ----\n" + cmd)
        print("---- expected stdout ----\n" + want_out.decode(errors="replace"))
        print("---- actual stdout ----\n" + out.decode(errors="replace"))
        if want_err is not None:
            print("---- expected stderr ----\n" + want_err.decode(errors="replace"))
        print("---- actual stderr ----\n" + err.decode(errors="replace"))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

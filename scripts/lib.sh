# Helpers shared by the project's scripts. Source it; it defines functions only.

# need COMMAND PACKAGE: makes sure COMMAND exists, installing Debian's PACKAGE when we
# are root with apt-get; otherwise says what to install and fails.
need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing $2 from Debian's packages (for $1)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  else
    echo "$1 is needed: install Debian's $2" >&2
    return 1
  fi
}

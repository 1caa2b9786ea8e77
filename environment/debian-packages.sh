# Sourced by the set-up scripts: installs the Debian packages named after the first argument that are missing.
#   ensure_debian_packages "what to do if apt-get cannot run" package...
# Returns 1, after saying so with that advice, when they cannot be installed. Needs a `say` function.
ensure_debian_packages() {
  local advice=$1; shift
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  ((${#missing[@]})) || return 0
  local sudo=()
  [[ $(id -u) == 0 ]] || sudo=(sudo -n)
  say "installing ${missing[*]}"
  if ! { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
    say "could not install ${missing[*]}: $advice"
    return 1
  fi
}

# shellcheck shell=bash
# The machine setup every benchmark script shares, sourced after the script defines `log`: the
# server gets CPU 0 and the load generator CPU 1, so that neither steals the other's core
# (PIN_SERVER and PIN_GENERATOR, empty without taskset or a second CPU), and raise_open_files.

PIN_SERVER=()
PIN_GENERATOR=()
if command -v taskset >/dev/null 2>&1 && [ "$(nproc --all)" -ge 2 ]; then
  PIN_SERVER=(taskset -c 0)
  PIN_GENERATOR=(taskset -c 1)
else
  log "warning: taskset or a second CPU missing: servers and generator share the CPUs"
fi

# raise_open_files WANT WHAT: raises the soft limit on open files (inherited by the servers and the
# generator) to WANT, or as far as the hard limit allows, and warns that WHAT may fail below it.
raise_open_files() {
  local want=$1 what=$2 hard
  if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$want" ]; then
    hard=$(ulimit -Hn)
    if [ "$hard" = unlimited ] || [ "$hard" -ge "$want" ]; then ulimit -n "$want"; else ulimit -n "$hard"; fi
  fi
  if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$want" ]; then
    log "warning: open files limited to $(ulimit -n); $what may fail"
  fi
}

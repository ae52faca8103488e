#!/usr/bin/env bash
# Headless PulseAudio for the voice tests (notes/audio.md §3): works as root, without systemd or D-Bus, on a clean
# machine. Two null sinks: "speaker" (the module plays here; tests record speaker.monitor) and "room" (tests play
# speech here; the module captures room.monitor). Prints the PULSE_SERVER value on its last line.
# Usage: pulse-null-sink.sh start|stop
set -euo pipefail
ROOT=${PULSE_TEST_ROOT:-/tmp/gemini-pa-test}
export HOME=$ROOT/home XDG_RUNTIME_DIR=$ROOT/xdg
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"
export PULSE_SERVER=unix:$XDG_RUNTIME_DIR/pulse/native

if [ "${1:-start}" = stop ]; then
  for f in "$ROOT"/keeper-*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; rm -f "$f"; done
  pulseaudio --kill 2>/dev/null || true
  exit 0
fi

if ! command -v pulseaudio >/dev/null || ! command -v pactl >/dev/null || ! command -v espeak-ng >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends pulseaudio pulseaudio-utils espeak-ng >/dev/null
  else
    echo "pulseaudio, pulseaudio-utils and espeak-ng are needed" >&2; exit 3
  fi
fi

if ! pactl info >/dev/null 2>&1; then
  pulseaudio -D -n --exit-idle-time=-1 --disallow-exit \
    --load=module-native-protocol-unix \
    --load="module-null-sink sink_name=speaker rate=48000 channels=1" \
    --load="module-null-sink sink_name=room rate=48000 channels=1" \
    --log-target=file:"$ROOT/pulse.log"
  for _ in $(seq 50); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
  pactl info >/dev/null
  pactl set-default-sink speaker; pactl set-default-source room.monitor
  # An idle PA 16 null sink runs on a 2 s timer: the first stream stalls up to ~2 s. Keep both sinks awake.
  for sink in speaker room; do
    nohup pacat --playback -d "$sink" --latency-msec=10 --rate=48000 --channels=1 /dev/zero >/dev/null 2>&1 &
    echo $! > "$ROOT/keeper-$sink.pid"
  done
  sleep 2.5
fi
echo "$PULSE_SERVER"

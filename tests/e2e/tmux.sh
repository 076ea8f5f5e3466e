#!/usr/bin/env bash
# End-to-end test in a real terminal: tmux runs the release binary on a
# sample at 100x30, keys are typed with send-keys, and capture-pane checks
# the screen after each step. After quitting, the terminal must be back to
# normal: no alternate screen, the same stty settings (echo on) as before.
set -euo pipefail
cd "$(dirname "$0")/../.."

BIN=target/release/yuelan
SAMPLE=data/samples/01_feature.txt
if [ ! -x "$BIN" ] || [ -n "$(find src data Cargo.toml -newer "$BIN" -print -quit 2>/dev/null)" ]; then
  cargo build --release --quiet
fi
command -v tmux >/dev/null || { echo "tmux.sh: tmux is not installed" >&2; exit 1; }

SOCK="yuelan-e2e-$$"
TMP="$(mktemp -d)"
T() { tmux -L "$SOCK" "$@"; }
cleanup() { T kill-server >/dev/null 2>&1 || true; sleep 0.2; rm -rf "$TMP" 2>/dev/null || true; }
trap cleanup EXIT

fail() {
  echo "tmux.sh: FAIL: $*" >&2
  echo "---- screen ----" >&2
  T capture-pane -p -t e2e >&2 || true
  exit 1
}
screen() { T capture-pane -p -t e2e; }
status() { screen | tail -n 1; }
# wait_for TEXT [SECONDS]: until the screen shows TEXT.
wait_for() {
  local want="$1" secs="${2:-10}" i
  for ((i = 0; i < secs * 10; i++)); do
    screen | grep -qF -- "$want" && return 0
    sleep 0.1
  done
  fail "waited ${secs}s for: $want"
}
# wait_gone TEXT [SECONDS]: until the screen no longer shows TEXT.
wait_gone() {
  local gone="$1" secs="${2:-10}" i
  for ((i = 0; i < secs * 10; i++)); do
    screen | grep -qF -- "$gone" || return 0
    sleep 0.1
  done
  fail "waited ${secs}s for this to go: $gone"
}
# settle: until the screen has stopped changing (the same for 0.2 s), so
# each check sees the state the last keys led to; no fixed sleeps.
settle() {
  local before now same=0 i
  before="$(screen)"
  for ((i = 0; i < 100; i++)); do
    sleep 0.05
    now="$(screen)"
    if [ "$now" = "$before" ]; then
      same=$((same + 1))
      [ "$same" -ge 4 ] && return 0
    else
      same=0
      before="$now"
    fi
  done
  fail "the screen kept changing for 5s"
}
# wait_file PATH: until a file the shell writes exists and is not empty.
wait_file() {
  local i
  for ((i = 0; i < 100; i++)); do
    [ -s "$1" ] && return 0
    sleep 0.1
  done
  fail "waited 10s for $1"
}
keys() { T send-keys -t e2e "$@"; settle; }
alt_screen() { T display-message -p -t e2e '#{alternate_on}'; }

echo "== e2e: start $BIN on $SAMPLE at 100x30"
T new-session -d -s e2e -x 100 -y 30 "env -i PATH=/usr/bin:/bin TERM=screen-256color HOME=$TMP bash --norc --noprofile"
T set-option -t e2e status off >/dev/null
settle
keys "PS1='READY$ '; stty -g > $TMP/stty.before; clear" Enter
wait_for 'READY$'
keys "$PWD/$BIN $PWD/$SAMPLE; echo EXIT=\$?" Enter
title="$(grep -m1 -v '^[[:space:]]*$' "$SAMPLE" | cut -c1-4)"
wait_for "Outline"
wait_for "$title"
[ "$(alt_screen)" = 1 ] || fail "not on the alternate screen"
wait_gone "annotating" 30
status | grep -qF "01_feature.txt" || fail "status bar lacks the file name"
status | grep -qF "§1/" || fail "status bar lacks the section"
status | grep -qF "? help" || fail "status bar lacks the hints"

echo "== e2e: navigate"
keys j j j
keys C-d
status | grep -qE ' 0% ' && fail "scrolling did not move"
keys G
status | grep -qF "100%" || fail "G did not reach the end"
keys g
status | grep -qF " 0% " || fail "g did not go to the top"
keys w
screen | grep -qF "in document" || fail "details do not describe the word under the cursor"

echo "== e2e: search"
keys /
keys -l "电商"
status | grep -qF "/电商" || fail "search prompt does not echo the query"
status | grep -qE "1/[0-9]+" || fail "incremental search found nothing"
keys Enter
status | grep -qE "/电商 1/[0-9]+" || fail "search status after Enter"
keys n
status | grep -qE "/电商 2/[0-9]+" || fail "n did not go to the second hit"

echo "== e2e: reading help (CC-CEDICT pinyin and gloss, pinyin rows)"
# The cursor is on 电商 (second search hit); the dictionary loads on a worker
# thread, so the details fill in once it is ready.
wait_for "diànshāng" 20
screen | grep -qF "e-commerce" || fail "details lack the English gloss of 电商"
keys p
wait_for "diàn shāng"   # one syllable per character in the pinyin rows
status | grep -qF "pinyin rows on" || fail "status does not confirm pinyin rows"
keys p
wait_gone "diàn shāng"

echo "== e2e: reading level (tint unknown words, mark one known, step the level)"
# tinted WORD: how many times the screen draws WORD starting underlined
# (the level tint's SGR 4), from capture-pane's escape sequences.
tinted() { T capture-pane -e -p -t e2e | grep -cE $'\e\\[4(;[0-9;]*)?m(\e\\[[0-9;]*m)*'"$1" || true; }
keys Escape   # clears the search, so its highlight does not cover the word
keys 9
status | grep -qF "HSK>4" || fail "9 did not turn the level tint on"
keys U
status | grep -qF "unknown(HSK4)" || fail "U did not tint unknown words"
# The cursor is on 电商 (outside HSK 3.0, not a name): unknown, tinted.
[ "$(tinted 电商)" -gt 0 ] || fail "the unknown word 电商 is not tinted"
keys K
status | grep -qF "电商 marked known" || fail "K did not mark the word known"
[ "$(tinted 电商)" = 0 ] || fail "电商 is still tinted after marking it known"
known_file="$TMP/.local/share/yuelan/known_words.json"
grep -A1 -F '"电商"' "$known_file" | grep -qF '"known": true' || fail "电商 is not saved in $known_file"
screen | grep -qF "· known" || fail "details do not say the word is known"
keys K
status | grep -qF "电商 marked unknown" || fail "K again did not mark the word unknown"
[ "$(tinted 电商)" -gt 0 ] || fail "电商 is not tinted again after marking it unknown"
keys '>'
status | grep -qF "unknown(HSK5)" || fail "> did not step the level up"
keys '<' '<'
status | grep -qF "unknown(HSK3)" || fail "< did not step the level down"
keys U
status | grep -qF "HSK>3" || fail "U did not go back to words above the level"
keys 9
status | grep -qF "HSK>" && fail "9 did not turn the level tint off"

echo "== e2e: overlays"
keys '?'
wait_for "Keys ("
screen | grep -qF "next person" || fail "help lacks a binding"
keys q
wait_gone "Keys ("
keys e
wait_for "Entities ("
keys Escape
wait_gone "Entities ("
keys s
wait_for "Who said what"
keys q
wait_gone "Who said what"

echo "== e2e: resize"
T resize-window -t e2e -x 60 -y 20
wait_gone "Outline"
settle
status | grep -qF "§" || fail "status bar after shrinking"
T resize-window -t e2e -x 100 -y 30
wait_for "Outline"
settle

echo "== e2e: resize to 10x3 and back keeps the position"
keys C-d
keys j j
before="$(status | grep -oE '§[0-9]+/[0-9]+ │ [0-9]+%')" || fail "no position in the status bar"
T resize-window -t e2e -x 10 -y 3
wait_gone "Outline"
settle
T resize-window -t e2e -x 1 -y 1
settle
T resize-window -t e2e -x 100 -y 30
wait_for "Outline"
settle
after="$(status | grep -oE '§[0-9]+/[0-9]+ │ [0-9]+%')" || fail "no position after resizing"
[ "$before" = "$after" ] || fail "position moved across resizes: '$before' -> '$after'"

echo "== e2e: notes (highlight a word, add a note in Chinese)"
keys w
keys a
wait_for "✎ note [yellow]"
keys -l "红色笔记"
status | grep -qF "红色笔记" || fail "the note input line does not echo Chinese text"
keys Enter
wait_for "note added"
screen | grep -qF "✎ note (yellow): 红色笔记" || fail "details panel lacks the note"

echo "== e2e: quit"
keys Escape   # clears the search; Escape never quits
keys Escape
sleep 0.3
[ "$(alt_screen)" = 1 ] || fail "Escape quit the browser"
status | grep -qF "q quits" || fail "Escape with nothing open does not say how to quit"
keys q        # quits
wait_for "EXIT=0"
[ "$(alt_screen)" = 0 ] || fail "still on the alternate screen after quitting"
keys "stty -g > $TMP/stty.after; stty -a | grep -o -- '-*echo ' | head -n 1 > $TMP/echo" Enter
wait_file "$TMP/echo"
cmp -s "$TMP/stty.before" "$TMP/stty.after" || fail "terminal settings differ after quitting"
grep -qx 'echo ' "$TMP/echo" || fail "echo is off after quitting"
echo "== e2e: reopen: the note is still there"
keys clear Enter
keys "$PWD/$BIN $PWD/$SAMPLE; echo EXIT=\$?" Enter
wait_for "Outline"
keys A
wait_for "Notes (Enter jumps"
screen | grep -qF "红色笔记" || fail "the note is gone after reopening"
keys q
wait_gone "Notes (Enter jumps"
keys q
wait_for "EXIT=0"
[ "$(alt_screen)" = 0 ] || fail "still on the alternate screen after quitting"

# restored CODE WHAT: the shell printed EXIT=CODE, the terminal left the
# alternate screen and its settings are those from before.
restored() {
  wait_for "EXIT=$1"
  [ "$(alt_screen)" = 0 ] || fail "still on the alternate screen after $2"
  rm -f "$TMP/stty.after"
  keys "stty -g > $TMP/stty.after" Enter
  wait_file "$TMP/stty.after"
  cmp -s "$TMP/stty.before" "$TMP/stty.after" || fail "terminal settings differ after $2"
}

echo "== e2e: one file of each format opens on its outline"
for f in book.md book.docx book.epub page.gbk.html; do
  keys clear Enter
  keys "$PWD/$BIN $PWD/tests/fixtures/formats/$f; echo EXIT=\$?" Enter
  wait_for "Outline"
  case "$f" in
    page.gbk.html) wait_for "新摊位集中在北区"; wait_for "停车难仍待解决" ;;
    *) wait_for "第一章 码头"; wait_for "渡船"; wait_for "第二章 老街" ;;
  esac
  keys q
  wait_for "EXIT=0"
done

echo "== e2e: a book of many chapters opens on its first chapters; the rest follows"
keys clear Enter
keys "$PWD/$BIN $PWD/tests/fixtures/formats/chapters.epub; echo EXIT=\$?" Enter
wait_for "Outline"
wait_for "第1章 码头"
# The end of the book: its last chapter's text (read after the first frame;
# annotation starts once the whole book is read, so wait for it to end).
wait_gone "annotating" 60
keys G
wait_for "写的是驿站"
keys q
wait_for "EXIT=0"

echo "== e2e: a big Markdown file opens on its first screen; the rest follows"
# Past the 256 KB the first screen is read from: the worker reads the whole
# (round 2 session 24; before, the whole was read before the first frame).
for ((i = 1; i <= 6000; i++)); do
  printf '## 第%d节\n\n这是第%d节的正文，记者在北京报道了这件事情。\n\n' "$i" "$i"
done > "$TMP/big.md"
printf '## 尾声\n\n最后一句写的是码头的灯。\n' >> "$TMP/big.md"
keys clear Enter
keys "$PWD/$BIN $TMP/big.md; echo EXIT=\$?" Enter
wait_for "Outline"
wait_for "第1节"
wait_gone "annotating" 60
keys G
wait_for "最后一句写的是码头的灯"
keys q
wait_for "EXIT=0"

echo "== e2e: a big web page opens on the body of its head; its article follows"
# Past 2 MB a page shows its head's body first; the worker reads the whole.
{
  printf '<html><head><meta charset="utf-8"><title>通知汇编</title></head><body>\n'
  for ((i = 1; i <= 25000; i++)); do
    printf '<p>第%d条通知：北京市人民政府发布了关于道路维修的通知。</p>\n' "$i"
  done
  printf '<p>最后一条写的是码头的灯。</p></body></html>\n'
} > "$TMP/big.html"
keys clear Enter
keys "$PWD/$BIN $TMP/big.html; echo EXIT=\$?" Enter
wait_for "Outline"
wait_for "第1条通知"
wait_gone "annotating" 60
keys G
wait_for "最后一条写的是码头的灯"
keys q
wait_for "EXIT=0"

echo "== e2e: SIGTERM restores the terminal"
keys clear Enter
keys "$PWD/$BIN $PWD/$SAMPLE; echo EXIT=\$?" Enter
wait_for "Outline"
[ "$(alt_screen)" = 1 ] || fail "not on the alternate screen"
pid="$(pgrep -n -f "$BIN $PWD/$SAMPLE")" || fail "cannot find the browser's pid"
kill -TERM "$pid"
restored 143 "SIGTERM"

echo "== e2e: SIGQUIT restores the terminal"
keys clear Enter
keys "$PWD/$BIN $PWD/$SAMPLE; echo EXIT=\$?" Enter
wait_for "Outline"
[ "$(alt_screen)" = 1 ] || fail "not on the alternate screen"
pid="$(pgrep -n -f "$BIN $PWD/$SAMPLE")" || fail "cannot find the browser's pid"
kill -QUIT "$pid"
restored 131 "SIGQUIT"

echo "== e2e: section keys act at once (no timer): ]] then j"
keys clear Enter
keys "$PWD/$BIN $PWD/$SAMPLE; echo EXIT=\$?" Enter
wait_for "Outline"
wait_gone "annotating" 30
T send-keys -t e2e ']'
sleep 0.2
status | grep -qF "]… " || fail "a pending ] does not say it waits"
T send-keys -t e2e ']'
sleep 0.3
status | grep -qF "§2/" || fail "]] did not go to the second section"
keys q
restored 0 "q"

echo "== e2e: a panic while drawing restores the terminal and says where to report"
keys clear Enter
keys "YUELAN_TEST_PANIC=1 $PWD/$BIN $PWD/$SAMPLE; echo EXIT=\$?" Enter
restored 101 "a panic"
screen | grep -qF "yuelan: internal error: YUELAN_TEST_PANIC" || fail "no panic message"
screen | grep -qF "please report it" || fail "no word on where to report it"
echo "== e2e: ok"

#!/usr/bin/env bash
# Generates the media test fixtures with the ffmpeg command (DESIGN.md "Testing") into
# $1 (default $BWV_TEST_DATA/media). Kept small (320x240, a few seconds) so the whole set
# takes seconds; each file is written aside and renamed, and existing files are kept.
set -euo pipefail
out="${1:-${BWV_TEST_DATA:?}/media}"
mkdir -p "$out"
cd "$out"

ff() { ffmpeg -hide_banner -loglevel error -nostdin -y "$@"; }
pattern() { echo "testsrc2=size=${2:-320x240}:rate=${3:-30}:duration=$1"; }
tone() { echo "sine=frequency=440:sample_rate=48000:duration=$1"; }

# make NAME COMMAND...: runs the command with the output path as its last argument
make() {
    local name=$1; shift
    [ -s "$name" ] && return 0
    local tmp=".tmp.$$.${name}"
    "$@" "$tmp"
    mv "$tmp" "$name"
}
# ffmpeg needs the container from the extension; keep it on the temporary name
make_as() {
    local name=$1 fmt=$2; shift 2
    [ -s "$name" ] && return 0
    local tmp=".tmp.$$.${name}"
    "$@" -f "$fmt" "$tmp"
    mv "$tmp" "$name"
}

x264="-c:v libx264 -preset veryfast -bf 3 -sc_threshold 0"

make_as h264_gop2s.mp4 mp4 ff -f lavfi -i "$(pattern 6)" -f lavfi -i "$(tone 6)" $x264 -g 60 -pix_fmt yuv420p -c:a aac -shortest
make_as h264_gop10s.mp4 mp4 ff -f lavfi -i "$(pattern 12)" $x264 -g 300 -pix_fmt yuv420p
make_as hevc_opengop.mp4 mp4 ff -f lavfi -i "$(pattern 4)" -c:v libx265 -x265-params "log-level=error:keyint=30:min-keyint=30:open-gop=1:bframes=4:scenecut=0" -pix_fmt yuv420p -tag:v hvc1
# Stream copy from a point inside a GOP: the muxer keeps the GOP's head and writes an edit
# list that tells players to discard it.
make_as h264_editlist.mp4 mp4 ff -ss 1.3 -i h264_gop2s.mp4 -t 3 -c copy
# Variable frame rate: drop an irregular pattern of frames and keep the stamps.
make_as h264_vfr.mp4 mp4 ff -f lavfi -i "$(pattern 5)" -vf "select='not(eq(mod(n\,7)\,3))*not(eq(mod(n\,11)\,5))'" -fps_mode vfr $x264 -g 40 -pix_fmt yuv420p
make_as h264_rot90.mp4 mp4 ff -noautorotate -i h264_gop10s.mp4 -t 2 -c copy -metadata:s:v:0 rotate=90
make_as h264_10bit.mp4 mp4 ff -f lavfi -i "$(pattern 3)" $x264 -g 30 -pix_fmt yuv420p10le
make_as h264_422.mp4 mp4 ff -f lavfi -i "$(pattern 3)" $x264 -g 30 -pix_fmt yuv422p
make_as h264_444.mp4 mp4 ff -f lavfi -i "$(pattern 3)" $x264 -g 30 -pix_fmt yuv444p
make_as hevc_10bit.mp4 mp4 ff -f lavfi -i "$(pattern 3)" -c:v libx265 -x265-params "log-level=error:keyint=30" -pix_fmt yuv420p10le -tag:v hvc1
make_as mjpeg.avi avi ff -f lavfi -i "$(pattern 3 320x240 25)" -c:v mjpeg -q:v 4 -pix_fmt yuvj420p
make_as audio_only.m4a mp4 ff -f lavfi -i "$(tone 2)" -c:a aac
# Broken files: the first 60% of an MP4 whose index sits at the end; noise bytes (seeded,
# so the same in every build: bytes from /dev/urandom once probed as raw H.263).
if [ ! -s truncated.mp4 ]; then
    size=$(stat -c %s h264_gop10s.mp4)
    head -c $((size * 6 / 10)) h264_gop10s.mp4 > .tmp.truncated && mv .tmp.truncated truncated.mp4
fi
[ -s garbage.mp4 ] || { ffmpeg -v error -y -f lavfi -i "anoisesrc=seed=7:sample_rate=50000:amplitude=1:duration=2" \
    -f s16le -c:a pcm_s16le .tmp.garbage && mv .tmp.garbage garbage.mp4; }
: > empty.mp4
echo "fixtures in $out"

// Package testmedia makes small, realistic media samples with the real
// ffmpeg on first use and caches them, so any test can ask for a sample by
// name:
//
//	path := testmedia.Path(t, testmedia.HEVCHDR10)
//
// Every sample is generated from lavfi sources (testsrc2, sine) and lasts
// seconds, so making all of them takes a few seconds on two cores. The
// package's own tests probe each one with the real ffprobe and check that it
// is what this page says; later tests may rely on these facts.
//
// # Samples
//
//   - H264AAC: H.264 High 320x240 25 fps + AAC LC stereo 48 kHz, 2 s, in MP4
//     with the moov box before mdat (faststart). The ordinary web video.
//   - HEVCHDR10: HEVC Main 10, yuv420p10le, BT.2020 primaries and matrix, PQ
//     (smpte2084) transfer, tagged hvc1, with HDR10 static metadata in SEI
//     (mastering display G(13250,34500) B(7500,3000) R(34000,16000)
//     WP(15635,16450) L(1000 cd/m², 0.0001 cd/m²); MaxCLL 1000, MaxFALL 400),
//     so the first frame carries "Mastering display metadata" and "Content
//     light level metadata" side data. 1 s, 320x240. For HDR detection.
//   - VP9Opus: VP9 Profile 0 + Opus stereo 48 kHz in WebM, 2 s.
//   - MKVMulti: Matroska with H.264 video, two AAC audio tracks (eng stereo,
//     title "English", default; fra 5.1, title "Français", not default), one
//     SubRip subtitle (eng, forced, not default) and two titled chapters
//     ("Opening" 0–1 s, "Ending" 1–2 s). For track listings and
//     dispositions.
//   - MPEG2Interlaced: MPEG-TS with MPEG-2 video 720x576 25i, interlaced,
//     top field first (ffprobe field_order "tt"), and MP2 stereo 48 kHz. 1 s.
//     For scan-type detection.
//   - Rotated: phone-style MP4: H.264 stored 1280x720 with a display matrix
//     of rotation -90 (ffprobe's counter-clockwise convention; a portrait
//     phone clip looks the same), so it is shown 720x1280. 1 s.
//   - VFR: H.264 in MP4 whose frame timestamps really are irregular (frames of
//     a 30 fps source dropped in an uneven pattern, kept with -fps_mode vfr):
//     r_frame_rate 30/1, avg_frame_rate lower, pts steps of 1, 2 and 3
//     frames. 3 s. For VFR detection.
//   - MP3: MP3 stereo 44.1 kHz 128 kb/s with ID3 title/artist/album. 2 s.
//   - FLAC: 24-bit FLAC (sample_fmt s32, bits_per_raw_sample 24), stereo
//     48 kHz. 1 s.
//   - WAV: pcm_s16le, 2 channels, 44.1 kHz in WAV, 1 s. Its plain WAVEFORMATEX
//     header has no channel mask, so ffprobe reports no channel_layout.
//   - PNG: one 320x240 rgb24 PNG image (ffprobe format png_pipe).
//   - Empty: an empty file named .mp4; ffprobe fails on it.
//   - Text: plain ASCII prose named .txt, not media; ffprobe fails on it
//     ("Invalid data found when processing input", exit 1).
//   - Truncated: the first half of an MP4 whose moov box was at the end, so
//     the moov is missing; ffprobe fails with "moov atom not found" (exit 1).
//   - LateAudioTS: MPEG-TS, 20 s of tiny low-bitrate MPEG-2 video, with MP2
//     stereo 44.1 kHz audio whose first packet comes 15 s after the video
//     (-itsoffset 15). This reproduces a real broadcast problem: plain ffprobe
//     (default probesize and analyzeduration, 5 s) gives up on the audio and
//     reports it with sample_rate 0, channels 0 and codec mp3, while
//     -analyzeduration 30M (30 s) reports MP2 44.1 kHz.
//
// # Cache
//
// Samples live in [Dir] as <hash>-<name>, where hash covers the recipe (the
// ffmpeg arguments and any input files), so a changed recipe makes a new
// file and the old one is removed. A sample is made in a temporary folder
// inside the cache folder and renamed into place, so test processes running
// in parallel never see half a file; two processes that miss at the same
// moment both generate it and the second rename wins, which is harmless.
// The hash does not cover the ffmpeg version: after upgrading ffmpeg, delete
// the cache folder. To check freshly made samples, point
// FFPROBE_API_TESTMEDIA_DIR at an empty folder and run this package's tests.
package testmedia

package testmedia

import (
	"fmt"
	"strings"
)

// mkvMulti has input files: a two-cue SubRip subtitle and an FFMETADATA
// file with the chapters.
func mkvMulti() recipe {
	r := ffmpegRecipe(video(320, 240, 25, 2), sine(48000, 2), sine(48000, 2),
		"-i subtitle.srt -i chapters.txt",
		"-map 0:v -map 1:a -map 2:a -map 3:s -map_chapters 4",
		"-c:v libx264 -threads 1 -x264-params asm=0 -preset veryfast -pix_fmt yuv420p -c:a aac -b:a 64k -ac:a:0 2 -ac:a:1 6 -c:s srt",
		"-metadata:s:a:0 language=eng -metadata:s:a:0 title=English",
		"-metadata:s:a:1 language=fra -metadata:s:a:1 title=Français -metadata:s:s:0 language=eng",
		"-disposition:v:0 default -disposition:a:0 default -disposition:a:1 0 -disposition:s:0 forced",
		MKVMulti)
	r.Files = map[string]string{
		"subtitle.srt": "1\n00:00:00,000 --> 00:00:01,000\nHello\n\n" +
			"2\n00:00:01,000 --> 00:00:02,000\nWorld\n",
		"chapters.txt": ";FFMETADATA1\n" +
			"[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=1000\ntitle=Opening\n" +
			"[CHAPTER]\nTIMEBASE=1/1000\nSTART=1000\nEND=2000\ntitle=Ending\n",
	}
	return r
}

// rotated encodes, then remuxes with a rotate tag: FFmpeg 5.1 turns the tag
// into a display matrix only when stream-copying, and there rotate=90 comes
// out as ffprobe rotation +90; 270 gives the -90 of a portrait phone clip.
func rotated() recipe {
	encode := ffmpegRecipe(video(1280, 720, 25, 1),
		"-c:v libx264 -threads 1 -x264-params asm=0 -preset veryfast -crf 35 -pix_fmt yuv420p encoded.mp4")
	remux := ffmpegRecipe("-i encoded.mp4 -c copy -metadata:s:v:0 rotate=270", Rotated)
	return recipe{FFmpeg: append(encode.FFmpeg, remux.FFmpeg...)}
}

// truncated writes an MP4 with its moov at the end (no faststart), then
// keeps the first half of it.
func truncated() recipe {
	r := ffmpegRecipe(video(320, 240, 25, 2), "-c:v libx264 -threads 1 -x264-params asm=0 -preset veryfast -pix_fmt yuv420p", Truncated)
	r.CutToHalf = true
	return r
}

// lateAudio delays the audio input by 15 s with -itsoffset, far past
// ffprobe's default 5 s analyzeduration.
func lateAudio() recipe {
	return ffmpegRecipe(video(160, 120, 25, 20), "-itsoffset 15", sine(44100, 5),
		"-map 0:v -map 1:a -c:v mpeg2video -threads 1 -b:v 100k -g 25 -c:a mp2 -b:a 64k -ac 2", LateAudioTS)
}

// ffmpeg makes a one-command recipe from space-separated argument groups;
// an argument that holds a space must be a group of its own without other
// arguments... so none does.
func ffmpegRecipe(groups ...string) recipe {
	var args []string
	for _, g := range groups {
		args = append(args, strings.Fields(g)...)
	}
	return recipe{FFmpeg: [][]string{args}}
}

// video is a lavfi testsrc2 input.
func video(width, height, fps, seconds int) string {
	return fmt.Sprintf("-f lavfi -i testsrc2=size=%dx%d:rate=%d:duration=%d", width, height, fps, seconds)
}

// sine is a mono lavfi 440 Hz tone input.
func sine(sampleRate, seconds int) string {
	return fmt.Sprintf("-f lavfi -i sine=frequency=440:sample_rate=%d:duration=%d", sampleRate, seconds)
}

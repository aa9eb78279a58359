// Package remote lets ffprobe read a remote URL without ever dialling the
// network itself.
//
// A [Server] owned by the process listens on 127.0.0.1 (a random port).
// [Server.Open] starts a session for one probe: it checks the URL, makes
// the first request to the origin through the injected *http.Client
// (which must be the network guard's client, security/netguard) and
// exposes the content at an unguessable URL:
//
//	http://127.0.0.1:PORT/<token>/<id>/<name>
//
// ffprobe is run on that URL with [Session.FFprobeInput]: only the http
// and tcp protocols, and this server as its HTTP proxy, so that even a URL
// the manifest rewriter missed reaches this server (which refuses it), not
// the network. Each range ffprobe asks for is answered from a
// per-session cache file, fetching only the missing bytes from the origin
// with range requests of growing size (32 KiB up to 1 MiB), so a 20 MB MP4
// whose index is at its end costs a few hundred KB. An origin that ignores
// Range is read once, sequentially, as far as ffprobe needs. Every byte
// taken from origins counts against the session's budget
// (ErrBudgetExceeded) and the session has a time limit (ErrTimeout).
//
// The caller's headers (Authorization for private sources) are sent only
// to the origin of the requested URL: not to other origins a manifest
// names, and (the guard's job) not after a redirect to another origin.
// They are never logged, stored, or shown to ffprobe. Nor is the URL's
// query string (it often carries a signature): ffprobe sees only the token
// and the last path segment.
//
// Manifests: an HLS playlist or DASH manifest is refused
// (ErrManifestNotAllowed) unless the request allows manifests. When it
// does, the manifest is rewritten before ffprobe sees it so that every URI
// it names (variants, media playlists, segments, keys, init segments,
// relative or absolute) points back at this server under the same token;
// each is then fetched through the same client, with the same checks,
// when ffprobe asks for it. A URI that is not http(s), or that
// Config.CheckURL refuses, is rewritten to a route that answers 403.
package remote

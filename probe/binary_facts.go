package probe

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// binaryFacts is what the client learns about one ffprobe binary by
// running it (`-version`, `-demuxers`). With Config.CacheDir set they are
// kept between processes, so a CLI invocation runs one ffprobe, not three:
// each ffprobe start costs tens of milliseconds of library loading.
// The facts belong to the binary's resolved path, size and modification
// time; a replaced or upgraded binary is detected again.
type binaryFacts struct {
	Path     string    `json:"path"`
	Size     int64     `json:"size"`
	ModTime  time.Time `json:"mod_time"`
	Version  string    `json:"version,omitempty"`
	Demuxers []string  `json:"demuxers,omitempty"`
}

// binaryIdentity resolves the configured ffprobe to the file it is.
func (c *Client) binaryIdentity() (binaryFacts, bool) {
	if c.cfg.CacheDir == "" {
		return binaryFacts{}, false
	}
	p, err := exec.LookPath(c.cfg.Path)
	if err != nil {
		return binaryFacts{}, false
	}
	if p, err = filepath.Abs(p); err == nil {
		p, err = filepath.EvalSymlinks(p)
	}
	if err != nil {
		return binaryFacts{}, false
	}
	fi, err := os.Stat(p)
	if err != nil || !fi.Mode().IsRegular() {
		return binaryFacts{}, false
	}
	return binaryFacts{Path: p, Size: fi.Size(), ModTime: fi.ModTime().UTC()}, true
}

func (c *Client) factsFile(path string) string {
	sum := sha256.Sum256([]byte(path))
	return filepath.Join(c.cfg.CacheDir, "ffprobe-"+hex.EncodeToString(sum[:8])+".json")
}

// cachedFacts returns the kept facts of the configured binary, if they
// are still its facts. The file is read once per client: version and
// demuxer detection both ask.
func (c *Client) cachedFacts() (binaryFacts, bool) {
	c.factsMu.Lock()
	defer c.factsMu.Unlock()
	if c.facts == nil {
		f, ok := c.readFacts()
		if !ok {
			return binaryFacts{}, false
		}
		c.facts = &f
	}
	return *c.facts, true
}

func (c *Client) readFacts() (binaryFacts, bool) {
	id, ok := c.binaryIdentity()
	if !ok {
		return binaryFacts{}, false
	}
	data, err := os.ReadFile(c.factsFile(id.Path))
	if err != nil {
		return binaryFacts{}, false
	}
	var f binaryFacts
	if json.Unmarshal(data, &f) != nil || f.Path != id.Path || f.Size != id.Size || !f.ModTime.Equal(id.ModTime) {
		return binaryFacts{}, false
	}
	return f, true
}

// keepFacts records what detection found. Failing to write is not an
// error: the cache only saves time.
func (c *Client) keepFacts(update func(*binaryFacts)) {
	f, ok := c.cachedFacts()
	if !ok {
		if f, ok = c.binaryIdentity(); !ok {
			return
		}
	}
	update(&f)
	data, err := json.Marshal(f)
	if err != nil || os.MkdirAll(c.cfg.CacheDir, 0o700) != nil {
		return
	}
	tmp, err := os.CreateTemp(c.cfg.CacheDir, ".ffprobe-facts-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(data)
	if cerr := tmp.Close(); werr != nil || cerr != nil || os.Rename(tmp.Name(), c.factsFile(f.Path)) != nil {
		_ = os.Remove(tmp.Name())
		return
	}
	c.factsMu.Lock()
	c.facts = &f
	c.factsMu.Unlock()
}

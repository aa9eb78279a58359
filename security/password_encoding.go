package security

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// ErrMalformedPasswordHash means a stored password hash is not an argon2id
// PHC string this program can verify: a damaged or foreign record.
var ErrMalformedPasswordHash = errors.New("stored password hash is malformed")

// Argon2Params are the cost parameters of argon2id. They are written into
// every encoded hash, so hashes made with older parameters keep verifying
// (and NeedsRehash tells when to upgrade them).
type Argon2Params struct {
	Memory  uint32 // KiB of memory per hash
	Time    uint32 // passes over the memory
	Threads uint8  // lanes computed in parallel
	SaltLen uint32 // bytes of random salt
	KeyLen  uint32 // bytes of derived key
}

// DefaultArgon2Params are the parameters new hashes use: 64 MiB, 3 passes,
// 2 lanes, a 16-byte salt and a 32-byte key, the second recommendation of
// RFC 9106 (section 4) with the lanes cut to the 2 cores this service is
// sized for. One hash takes about 0.1 s and 64 MiB while it runs
// (BenchmarkPasswordVerifyDefault); PasswordHasher bounds how many run at
// once.
func DefaultArgon2Params() Argon2Params {
	return Argon2Params{Memory: 64 * 1024, Time: 3, Threads: 2, SaltLen: 16, KeyLen: 32}
}

// Validate checks that p is usable and bounded: a stored hash whose
// parameters ask for gigabytes is refused rather than computed.
func (p Argon2Params) Validate() error {
	switch {
	case p.Threads < 1 || p.Threads > 16:
		return fmt.Errorf("argon2id parallelism %d: want 1 to 16", p.Threads)
	case p.Memory < 8*uint32(p.Threads) || p.Memory > 1<<20:
		return fmt.Errorf("argon2id memory %d KiB: want %d KiB to 1 GiB", p.Memory, 8*uint32(p.Threads))
	case p.Time < 1 || p.Time > 32:
		return fmt.Errorf("argon2id time %d: want 1 to 32 passes", p.Time)
	case p.SaltLen < 8 || p.SaltLen > 64:
		return fmt.Errorf("argon2id salt length %d: want 8 to 64 bytes", p.SaltLen)
	case p.KeyLen < 16 || p.KeyLen > 64:
		return fmt.Errorf("argon2id key length %d: want 16 to 64 bytes", p.KeyLen)
	}
	return nil
}

// encodeArgon2id writes the PHC string format:
//
//	$argon2id$v=19$m=65536,t=3,p=2$<salt>$<key>
//
// with salt and key in unpadded standard base64.
func encodeArgon2id(p Argon2Params, salt, key []byte) string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// decodeArgon2id parses a PHC string strictly: any deviation is
// ErrMalformedPasswordHash, never a guess.
func decodeArgon2id(encoded string) (p Argon2Params, salt, key []byte, err error) {
	malformed := func(why string) error { return fmt.Errorf("%w: %s", ErrMalformedPasswordHash, why) }
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" {
		return p, nil, nil, malformed("not a PHC string ($algorithm$version$parameters$salt$hash)")
	}
	if parts[1] != "argon2id" {
		return p, nil, nil, malformed(fmt.Sprintf("algorithm %q is not argon2id", parts[1]))
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, malformed(fmt.Sprintf("version %q is not v=%d", parts[2], argon2.Version))
	}
	if p, err = parseArgon2Params(parts[3]); err != nil {
		return p, nil, nil, malformed(err.Error())
	}
	b64 := base64.RawStdEncoding.Strict()
	if salt, err = b64.DecodeString(parts[4]); err != nil {
		return p, nil, nil, malformed("salt is not unpadded base64")
	}
	if key, err = b64.DecodeString(parts[5]); err != nil {
		return p, nil, nil, malformed("hash is not unpadded base64")
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	if err := p.Validate(); err != nil {
		return p, nil, nil, malformed(err.Error())
	}
	return p, salt, key, nil
}

// parseArgon2Params reads "m=65536,t=3,p=2", in that order.
func parseArgon2Params(s string) (Argon2Params, error) {
	var p Argon2Params
	fields := strings.Split(s, ",")
	if len(fields) != 3 {
		return p, fmt.Errorf("parameters %q are not m=…,t=…,p=…", s)
	}
	values := make([]uint64, 3)
	for i, name := range []string{"m", "t", "p"} {
		v, ok := strings.CutPrefix(fields[i], name+"=")
		n, err := strconv.ParseUint(v, 10, 32)
		if !ok || err != nil || strconv.FormatUint(n, 10) != v {
			return p, fmt.Errorf("parameter %q is not %s=<number>", fields[i], name)
		}
		values[i] = n
	}
	if values[2] > 255 {
		return p, fmt.Errorf("parallelism %d is out of range", values[2])
	}
	p.Memory, p.Time, p.Threads = uint32(values[0]), uint32(values[1]), uint8(values[2])
	return p, nil
}

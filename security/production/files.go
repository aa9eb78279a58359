package production

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
)

// checkBootstrapKeyFile: the file holding the first admin's API key must
// be the service's alone (mode 0600 or stricter) once it exists.
func checkBootstrapKeyFile(s Settings) []Problem {
	if s.BootstrapAdminKeyFile == "" {
		return nil
	}
	info, err := os.Stat(s.BootstrapAdminKeyFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil // serve creates it, mode 0600
	case err != nil:
		return []Problem{{KeyBootstrapAdminKeyFile, fmt.Sprintf("cannot be checked: %v", err), "make it readable by the service's user"}}
	case info.Mode().Perm()&0o077 != 0:
		return []Problem{{KeyBootstrapAdminKeyFile, fmt.Sprintf("%s has mode %04o: others can read or change an admin's API key", s.BootstrapAdminKeyFile, info.Mode().Perm()),
			fmt.Sprintf("chmod 600 %s (and revoke the key if others could read it)", s.BootstrapAdminKeyFile)}}
	}
	return nil
}

// checkSecretFiles: a …_FILE that anyone on the machine may write lets
// them choose the secret. Being readable by others is tolerated: Docker
// and Kubernetes mount secrets 0444 or 0644 inside a container of one
// user.
func checkSecretFiles(s Settings) []Problem {
	var problems []Problem
	keys := make([]string, 0, len(s.SecretFiles))
	for k := range s.SecretFiles {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, key := range keys {
		path := s.SecretFiles[key]
		info, err := os.Stat(path)
		switch {
		case err != nil:
			problems = append(problems, Problem{key, fmt.Sprintf("%s_FILE cannot be read: %v", envName(key), err), "point it at an existing file the service can read"})
		case info.Mode().Perm()&0o002 != 0:
			problems = append(problems, Problem{key, fmt.Sprintf("%s_FILE %s has mode %04o: anyone can change the secret", envName(key), path, info.Mode().Perm()),
				fmt.Sprintf("chmod 600 %s (or 640 with the service's group)", path)})
		}
	}
	return problems
}

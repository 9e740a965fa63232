package api

import (
	"regexp"
	"testing"
)

// plainName says what the regular expression it replaced said.
func TestPlainName(t *testing.T) {
	re := regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)
	names := []string{"", "q", "mode", "seats_left", "x1", "1x", "_a", "Mode", "a-b", "a b", "地址", "aé",
		"a23456789012345678901234567890123", "a2345678901234567890123456789012", "utm_source", "a\x00"}
	for _, n := range names {
		if got, want := plainName(n), re.MatchString(n); got != want {
			t.Errorf("plainName(%q) = %v, the expression says %v", n, got, want)
		}
	}
}

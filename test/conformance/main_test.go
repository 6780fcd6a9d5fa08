package conformance

import (
	"os"
	"testing"
)

// compileCache is a wazero compilation cache shared by the whole run, as the
// yoke CLI and the ATC keep one: each flight is compiled once, not per scenario.
var compileCache string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "yoke-flight-conformance-")
	if err != nil {
		panic(err)
	}
	compileCache = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

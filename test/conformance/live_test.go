package conformance

// yoke's own host against a live API server: TestLive runs one flight
// through yoke.EvalFlight, its host functions answered by the server that
// test/control-plane/live.test.ts starts (passed in LIVE_* variables), and
// writes the flight's stdout to LIVE_OUT. live.test.ts holds
// `flight run --kubeconfig` (our live host) to the same bytes for the same
// objects. Skipped when LIVE_SERVER is not set.

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"k8s.io/client-go/rest"

	"github.com/yokecd/yoke/pkg/yoke"
)

func TestLive(t *testing.T) {
	server := os.Getenv("LIVE_SERVER")
	if server == "" {
		t.Skip("LIVE_SERVER is not set: test/control-plane/live.test.ts runs this test")
	}
	wasm, err := os.ReadFile(os.Getenv("LIVE_FLIGHT"))
	if err != nil {
		t.Fatal(err)
	}
	input, err := os.ReadFile(os.Getenv("LIVE_INPUT"))
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	params := yoke.EvalParams{
		Release:   os.Getenv("LIVE_RELEASE"),
		Namespace: os.Getenv("LIVE_NAMESPACE"),
		ClusterAccess: yoke.ClusterAccessParams{
			Enabled:          true,
			ResourceMatchers: strings.FieldsFunc(os.Getenv("LIVE_MATCHERS"), func(r rune) bool { return r == ',' }),
		},
		Flight: yoke.FlightParams{Wasm: wasm, Input: bytes.NewReader(input), Timeout: 10 * time.Second, Stderr: &stderr},
	}
	setClientConfig(t, &params, &rest.Config{
		Host:            server,
		BearerToken:     os.Getenv("LIVE_TOKEN"),
		TLSClientConfig: rest.TLSClientConfig{CAData: []byte(os.Getenv("LIVE_CA"))},
	})
	out, err := yoke.EvalFlight(context.Background(), params)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	if err := os.WriteFile(os.Getenv("LIVE_OUT"), out, 0o644); err != nil {
		t.Fatal(err)
	}
}

//go:build yoke_internal

// yoke-flight's converter, schematics, gzip and signing through yoke's own
// internal code, which only a package inside yoke's module may import: this
// file is placed in yoke's internal/wasi directory by `go test -overlay` at
// test time (features.test.ts), never copied into yoke's sources.
//   - converter: the ATC's module cache with no host functions and the body of
//     its /crdconvert handler (cmd/atc/handler.go)
//   - schematics: pkg/yoke ListSchematics and GetSchematic (yoke schematics ls/get)
//   - gzip: the ATC's cache loading a .gz module against a checksum
//   - signing: internal/xcrypto SignModule / VerifyModule over our custom sections
package wasi_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	apiextv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/yokecd/yoke/internal/wasi"
	"github.com/yokecd/yoke/internal/wasi/cache"
	"github.com/yokecd/yoke/internal/wasm/module"
	"github.com/yokecd/yoke/internal/xcrypto"
	"github.com/yokecd/yoke/pkg/yoke"
)

func fixture(t *testing.T, env string) string {
	t.Helper()
	path := os.Getenv(env)
	if path == "" {
		t.Fatalf("%s is not set: run this through test/conformance/features.test.ts", env)
	}
	return path
}

// atcConvert is the ATC's /crdconvert handler (cmd/atc/handler.go) without
// HTTP: the converter module from the cache with empty ModuleAttrs (no host
// functions), the request body on stdin, BinName "converter", stdout
// unmarshalled on top of the request review. Unlike the handler it passes a
// Stderr writer, so a failure names wazero's reason (the handler reports
// only the module's stderr).
func atcConvert(t *testing.T, url string, data []byte) (apiextv1.ConversionReview, error) {
	ctx := context.Background()
	mc := cache.NewModuleCache(t.TempDir(), nil, nil)
	converter, err := mc.FromURL(ctx, cache.FromURLParams{URL: url, Attrs: cache.ModuleAttrs{}})
	if err != nil {
		return apiextv1.ConversionReview{}, fmt.Errorf("failed to get converter module from cache: %w", err)
	}
	var review apiextv1.ConversionReview
	if err := json.Unmarshal(data, &review); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	resp, err := wasi.Execute(ctx, wasi.ExecParams{Module: converter, Stdin: bytes.NewReader(data), BinName: "converter", Stderr: &stderr})
	if err != nil {
		return review, fmt.Errorf("%w (stderr: %s)", err, stderr.String())
	}
	if err := json.Unmarshal(resp, &review); err != nil {
		return review, fmt.Errorf("failed to parse review response: %v", err)
	}
	return review, nil
}

func conversionRequest(t *testing.T, desired string, objects ...map[string]any) []byte {
	t.Helper()
	review := apiextv1.ConversionReview{Request: &apiextv1.ConversionRequest{UID: "uid-1", DesiredAPIVersion: desired}}
	review.APIVersion, review.Kind = "apiextensions.k8s.io/v1", "ConversionReview"
	for _, obj := range objects {
		raw, err := json.Marshal(obj)
		if err != nil {
			t.Fatal(err)
		}
		review.Request.Objects = append(review.Request.Objects, runtime.RawExtension{Raw: raw})
	}
	data, err := json.Marshal(review)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func pipeline(version string, spec map[string]any) map[string]any {
	return map[string]any{
		"apiVersion": "examples.com/" + version, "kind": "Pipeline",
		"metadata": map[string]any{"name": "demo", "namespace": "default", "uid": "u-1"},
		"spec":     spec, "status": map[string]any{"msg": "job two is running"},
	}
}

func converted(t *testing.T, review apiextv1.ConversionReview) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, raw := range review.Response.ConvertedObjects {
		var obj map[string]any
		if err := json.Unmarshal(raw.Raw, &obj); err != nil {
			t.Fatal(err)
		}
		out = append(out, obj)
	}
	return out
}

func TestConverterUnderTheATC(t *testing.T) {
	url := fixture(t, "YOKE_FLIGHT_CONVERTER")
	v1 := pipeline("v1", map[string]any{"image": "alpine:3.20", "backoffLimit": float64(2)})
	v2 := pipeline("v2", map[string]any{"job": map[string]any{"image": "alpine:3.20", "retries": float64(2)}})

	for _, tc := range []struct {
		name    string
		desired string
		from    map[string]any
		want    map[string]any
	}{
		{"v1 to v2", "examples.com/v2", v1, v2},
		{"v2 to v1", "examples.com/v1", v2, v1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			review, err := atcConvert(t, url, conversionRequest(t, tc.desired, tc.from, tc.want))
			if err != nil {
				t.Fatal(err)
			}
			if review.Request != nil {
				t.Errorf("request should be null in the answer, got %+v", review.Request)
			}
			if review.Response == nil || review.Response.UID != "uid-1" || review.Response.Result.Status != "Success" {
				t.Fatalf("unexpected response: %+v", review.Response)
			}
			got := converted(t, review)
			if len(got) != 2 {
				t.Fatalf("want 2 converted objects, got %d", len(got))
			}
			for i, obj := range got {
				if !equalJSON(obj, tc.want) {
					t.Errorf("object %d: got %v, want %v", i, obj, tc.want)
				}
				if status, _, _ := unstructured.NestedString(obj, "status", "msg"); status != "job two is running" {
					t.Errorf("object %d lost its status: %v", i, obj)
				}
			}
		})
	}

	t.Run("unknown version answers Failure", func(t *testing.T) {
		review, err := atcConvert(t, url, conversionRequest(t, "examples.com/v3", v1))
		if err != nil {
			t.Fatal(err)
		}
		if review.Response.Result.Status != "Failure" || !strings.Contains(review.Response.Result.Message, "cannot convert examples.com/v1 to examples.com/v3") {
			t.Fatalf("unexpected result: %+v", review.Response.Result)
		}
	})

	t.Run("a module importing host functions fails to instantiate", func(t *testing.T) {
		_, err := atcConvert(t, fixture(t, "YOKE_FLIGHT_HOST_FLIGHT"), conversionRequest(t, "examples.com/v2", v1))
		if err == nil || !strings.Contains(err.Error(), `"k8s_lookup" is not exported in module "host"`) {
			t.Fatalf("want wazero's missing-import error, got %v", err)
		}
	})
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func TestSchematicsUnderYoke(t *testing.T) {
	ctx := context.Background()
	path := fixture(t, "YOKE_FLIGHT_SCHEMATICS")
	for _, url := range []string{path, path + ".gz"} {
		t.Run(url[strings.LastIndex(url, "/")+1:], func(t *testing.T) {
			names, err := yoke.ListSchematics(ctx, yoke.ListSchematicsParams{WasmURL: url})
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(names, ","); got != "docs,probe,version,readme,schema" {
				t.Errorf("ListSchematics: %s", got)
			}
			get := func(name string) string {
				data, err := yoke.GetSchematic(ctx, yoke.GetSchematicParams{WasmURL: url, Name: name})
				if err != nil {
					t.Fatalf("GetSchematic %s: %v", name, err)
				}
				return string(data)
			}
			readme, err := os.ReadFile(fixture(t, "YOKE_FLIGHT_SCHEMATICS_README"))
			if err != nil {
				t.Fatal(err)
			}
			if got := get("readme"); got != string(readme) {
				t.Errorf("readme: %q", got)
			}
			if got := get("version"); got != "v1.2.3\n" {
				t.Errorf("version: %q", got)
			}
			if got := get("docs"); got != "docs (short)\n" {
				t.Errorf("docs: %q", got)
			}
			var probe struct {
				Args   []string `json:"args"`
				Env    []string `json:"env"`
				Stdin  string   `json:"stdin"`
				Lookup string   `json:"lookup"`
			}
			if err := json.Unmarshal([]byte(get("probe")), &probe); err != nil {
				t.Fatal(err)
			}
			if len(probe.Args) != 1 || probe.Args[0] != "probe" || len(probe.Env) != 0 || probe.Stdin != "" || probe.Lookup != "not granted" {
				t.Errorf("a schematics run should see argv [schematics probe], no env, no stdin, no cluster: %+v", probe)
			}
			var schema map[string]any
			if err := json.Unmarshal([]byte(get("schema")), &schema); err != nil || schema["type"] != "object" {
				t.Errorf("schema: %v %v", schema, err)
			}
		})
	}
}

func TestGzipUnderTheATCCache(t *testing.T) {
	path := fixture(t, "YOKE_FLIGHT_SCHEMATICS")
	checksum := fixture(t, "YOKE_FLIGHT_SCHEMATICS_SHA256")
	mc := cache.NewModuleCache(t.TempDir(), nil, nil)
	if _, err := mc.FromURL(context.Background(), cache.FromURLParams{URL: path + ".gz", Checksum: checksum}); err != nil {
		t.Fatalf("the .gz module should load against the checksum of the decompressed module: %v", err)
	}
	other := cache.NewModuleCache(t.TempDir(), nil, nil)
	if _, err := other.FromURL(context.Background(), cache.FromURLParams{URL: path + ".gz", Checksum: strings.Repeat("0", 64)}); err == nil {
		t.Fatal("a wrong checksum should fail")
	}
}

func TestSigningCoversOurSections(t *testing.T) {
	wasm, err := os.ReadFile(fixture(t, "YOKE_FLIGHT_SCHEMATICS"))
	if err != nil {
		t.Fatal(err)
	}
	pub, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	fingerprint, err := xcrypto.PublicFingerprint(pub)
	if err != nil {
		t.Fatal(err)
	}
	keys := xcrypto.PublicKeySet{fingerprint: pub}

	signed, err := xcrypto.SignModule(key, wasm, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := xcrypto.VerifyModule(keys, signed); err != nil {
		t.Fatalf("a signed yoke-flight module should verify: %v", err)
	}
	// yoke still reads the signed module's schematics, running its command forms.
	signedPath := t.TempDir() + "/signed.wasm"
	if err := os.WriteFile(signedPath, signed, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := yoke.GetSchematic(context.Background(), yoke.GetSchematicParams{WasmURL: signedPath, Name: "version"}); err != nil || string(out) != "v1.2.3\n" {
		t.Fatalf("schematic of the signed module: %q %v", out, err)
	}
	if _, data := module.WithoutCustomSection(signed, module.PrefixSchematics+"signature"); len(data) == 0 {
		t.Fatal("no signature section")
	}
	// A schematic set after signing changes signed bytes: build → schematics → sign.
	if err := xcrypto.VerifyModule(keys, module.WithCustomSectionData(signed, "late", []byte("x"))); err == nil {
		t.Fatal("a schematic added after signing should break the signature")
	}
	// Changing any other byte, here a schematic's name, breaks it too.
	tampered := bytes.Replace(signed, []byte("yoke.schematics:readme"), []byte("yoke.schematics:READMe"), 1)
	if err := xcrypto.VerifyModule(keys, tampered); err == nil {
		t.Fatal("changing any other byte should break the signature")
	}
}

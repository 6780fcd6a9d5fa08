package conformance

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/yokecd/yoke/pkg/openapi"

	"github.com/yoke-flight/conformance/schematypes"
)

var updateSchemas = flag.Bool("update-schemas", false, "rewrite schematypes/expected from yoke's SchemaFrom")

// TestSchemas produces the expected schemas from yoke's own Go SchemaFrom
// and checks them against schematypes/expected, the files the TypeScript
// side (schemas.test.ts) is compared with. -update-schemas rewrites them.
func TestSchemas(t *testing.T) {
	types := map[string]reflect.Type{
		"Scalars":     reflect.TypeFor[schematypes.Scalars](),
		"Collections": reflect.TypeFor[schematypes.Collections](),
		"Kubernetes":  reflect.TypeFor[schematypes.Kubernetes](),
		"Tags":        reflect.TypeFor[schematypes.Tags](),
		"Tree":        reflect.TypeFor[schematypes.Tree](),
		"Pipeline":    reflect.TypeFor[schematypes.Pipeline](),
		"App":         reflect.TypeFor[schematypes.App](),
	}
	for name, typ := range types {
		t.Run(name, func(t *testing.T) {
			data, err := json.MarshalIndent(openapi.SchemaFrom(typ), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			data = append(data, '\n')
			path := filepath.Join("schematypes", "expected", name+".json")
			if *updateSchemas {
				if err := os.WriteFile(path, data, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -run TestSchemas -update-schemas)", err)
			}
			if !bytes.Equal(data, want) {
				t.Errorf("yoke's SchemaFrom no longer gives %s:\n%s", path, data)
			}
		})
	}
}

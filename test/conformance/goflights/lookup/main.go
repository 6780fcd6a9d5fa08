// Looks up the object its input names and reports the answer or the kind of
// error, in a form the TypeScript flight flights/lookup.ts writes too.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/yokecd/yoke/pkg/flight"
	"github.com/yokecd/yoke/pkg/flight/wasi/k8s"
)

func main() {
	var id struct {
		Name       string `json:"name"`
		Namespace  string `json:"namespace"`
		Kind       string `json:"kind"`
		APIVersion string `json:"apiVersion"`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&id); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}

	var result string
	object, err := k8s.Lookup[map[string]any](k8s.ResourceIdentifier{Name: id.Name, Namespace: id.Namespace, Kind: id.Kind, ApiVersion: id.APIVersion})
	switch {
	case err == nil:
		data, _ := json.Marshal(object)
		result = "found " + string(data)
	case k8s.IsErrNotFound(err):
		result = "not found: " + err.Error()
	case k8s.IsErrForbidden(err):
		result = "forbidden: " + err.Error()
	case k8s.IsErrUnauthenticated(err):
		result = "unauthenticated: " + err.Error()
	case errors.Is(err, k8s.ErrorClusterAccessNotGranted):
		result = "not granted: " + err.Error()
	default:
		result = "error: " + err.Error()
	}

	json.NewEncoder(os.Stdout).Encode(flight.Resources{&corev1.ConfigMap{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"},
		ObjectMeta: metav1.ObjectMeta{Name: "lookup"},
		Data:       map[string]string{"result": result},
	}})
}

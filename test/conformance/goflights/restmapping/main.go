// Asks the host how the cluster serves each kind its input lists and reports
// the mappings, in a form the TypeScript flight flights/restmapping.ts writes too.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/yokecd/yoke/pkg/flight"
	"github.com/yokecd/yoke/pkg/flight/wasi/k8s"
)

func main() {
	var input struct {
		Kinds [][2]string `json:"kinds"`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&input); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}

	data := map[string]string{}
	for i, kind := range input.Kinds {
		mapping, err := k8s.GetRestMapping(kind[0], kind[1])
		switch {
		case err == nil:
			data[strconv.Itoa(i)] = fmt.Sprintf("%s %s %s %s %t", mapping.Group, mapping.Version, mapping.Kind, mapping.Resource, mapping.Namespaced)
		case errors.Is(err, k8s.ErrorClusterAccessNotGranted):
			data[strconv.Itoa(i)] = "not granted: " + err.Error()
		default:
			data[strconv.Itoa(i)] = "error: " + err.Error()
		}
	}

	json.NewEncoder(os.Stdout).Encode(flight.Resources{&corev1.ConfigMap{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"},
		ObjectMeta: metav1.ObjectMeta{Name: "restmapping"},
		Data:       data,
	}})
}

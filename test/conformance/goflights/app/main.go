// The seed's App flight (yoke's resource-orchestration post), in Go with
// yoke's Go SDK: the reference the TypeScript flight in examples/app is
// compared with.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/yaml"

	"github.com/yokecd/yoke/pkg/flight"
	"github.com/yokecd/yoke/pkg/flight/wasi/k8s"
)

type App struct {
	metav1.TypeMeta
	metav1.ObjectMeta `json:"metadata"`
	Spec              struct {
		Image    string `json:"image"`
		Replicas *int32 `json:"replicas,omitempty"`
		Database struct {
			Tier   string `json:"tier,omitempty"`
			Region string `json:"region,omitempty"`
		} `json:"database,omitzero"`
	} `json:"spec"`
	Status struct {
		Msg string `json:"msg,omitempty"`
	} `json:"status,omitzero"`
}

// CloudSQLInstance holds the fields of Crossplane's GCP CloudSQLInstance
// (database.gcp.crossplane.io/v1beta1) this flight sets.
type CloudSQLInstance struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`
	Spec              struct {
		ForProvider struct {
			DatabaseVersion string `json:"databaseVersion"`
			Region          string `json:"region"`
			Settings        struct {
				Tier string `json:"tier"`
			} `json:"settings"`
		} `json:"forProvider"`
		WriteConnectionSecretToReference struct {
			Name      string `json:"name"`
			Namespace string `json:"namespace"`
		} `json:"writeConnectionSecretToReference"`
	} `json:"spec"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func or(value, fallback string) string {
	if value == "" {
		return fallback
	}
	return value
}

func run() error {
	var app App
	if err := yaml.NewYAMLToJSONDecoder(os.Stdin).Decode(&app); err != nil {
		return fmt.Errorf("failed to decode stdin into App instance: %v", err)
	}

	resources := flight.Resources{&app}

	database := CloudSQLInstance{
		TypeMeta:   metav1.TypeMeta{APIVersion: "database.gcp.crossplane.io/v1beta1", Kind: "CloudSQLInstance"},
		ObjectMeta: metav1.ObjectMeta{Name: app.Name},
	}
	database.Spec.ForProvider.DatabaseVersion = "POSTGRES_15"
	database.Spec.ForProvider.Region = or(app.Spec.Database.Region, "us-central1")
	database.Spec.ForProvider.Settings.Tier = or(app.Spec.Database.Tier, "db-f1-micro")
	database.Spec.WriteConnectionSecretToReference.Name = app.Name
	database.Spec.WriteConnectionSecretToReference.Namespace = app.Namespace
	resources = append(resources, &database)

	secret, err := k8s.Lookup[corev1.Secret](k8s.ResourceIdentifier{
		Name:       database.Spec.WriteConnectionSecretToReference.Name,
		Namespace:  database.Spec.WriteConnectionSecretToReference.Namespace,
		ApiVersion: "v1",
		Kind:       "Secret",
	})
	if err != nil {
		if k8s.IsErrNotFound(err) {
			app.Status.Msg = "Waiting for connection secret to be created"
			return json.NewEncoder(os.Stdout).Encode(resources)
		}
		return fmt.Errorf("failed to fetch connection secret: %w", err)
	}

	replicas := int32(1)
	if app.Spec.Replicas != nil {
		replicas = *app.Spec.Replicas
	}
	labels := map[string]string{"app": app.Name}
	deployment := &appsv1.Deployment{
		TypeMeta:   metav1.TypeMeta{APIVersion: appsv1.SchemeGroupVersion.Identifier(), Kind: "Deployment"},
		ObjectMeta: metav1.ObjectMeta{Name: app.Name},
		Spec: appsv1.DeploymentSpec{
			Replicas: &replicas,
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec: corev1.PodSpec{
					Containers: []corev1.Container{{
						Name:    "app",
						Image:   app.Spec.Image,
						EnvFrom: []corev1.EnvFromSource{{SecretRef: &corev1.SecretEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: secret.Name}}}},
					}},
				},
			},
		},
	}
	resources = append(resources, deployment)

	live, err := k8s.LookupResource(deployment)
	if err != nil && !k8s.IsErrNotFound(err) {
		return fmt.Errorf("failed to lookup deployment: %w", err)
	}
	if live != nil && slices.ContainsFunc(live.Status.Conditions, func(cond appsv1.DeploymentCondition) bool {
		return cond.Type == appsv1.DeploymentAvailable && cond.Status == corev1.ConditionTrue
	}) {
		app.Status.Msg = "application deployed and ready"
	} else {
		app.Status.Msg = "waiting for application to become ready"
	}
	return json.NewEncoder(os.Stdout).Encode(resources)
}

// Package schematypes holds Go types and their TypeScript mirrors
// (types.ts): yoke's openapi.SchemaFrom on each Go type gives the expected
// schema (expected/*.json) that schemaFrom must give for the TypeScript type.
package schematypes

import (
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/yokecd/yoke/pkg/flight"
)

// Scalars: Go's kinds and their TypeScript names.
type Scalars struct {
	Name     string  `json:"name"`
	Count    int     `json:"count"`
	Small    int32   `json:"small"`
	Big      int64   `json:"big,omitempty"`
	Unsigned uint    `json:"unsigned"`
	Port     uint32  `json:"port,omitempty"`
	Ratio    float64 `json:"ratio"`
	Enabled  bool    `json:"enabled"`
	Optional *string `json:"optional"`
}

// Collections: lists, maps, and values of any shape.
type Collections struct {
	Tags     []string          `json:"tags"`
	Labels   map[string]string `json:"labels,omitempty"`
	Counts   map[string]int    `json:"counts,omitempty"`
	Extra    map[string]any    `json:"extra,omitempty"`
	Anything any               `json:"anything"`
	Items    []Item            `json:"items,omitempty"`
	ByName   map[string]Item   `json:"byName,omitempty"`
	Matrix   [][]int           `json:"matrix,omitempty"`
}

type Item struct {
	ID    string `json:"id"`
	Notes string `json:"notes,omitempty"`
}

// Kubernetes: the types yoke maps by name.
type Kubernetes struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitzero"`
	Port              intstr.IntOrString `json:"port"`
	Memory            resource.Quantity  `json:"memory,omitzero"`
	Since             metav1.Time        `json:"since,omitzero"`
	Every             metav1.Duration    `json:"every"`
	Conditions        flight.Conditions  `json:"conditions,omitempty"`
}

// Tags: every struct tag yoke's SchemaFrom reads, as JSDoc in TypeScript.
type Tags struct {
	Mode       string   `json:"mode" Enum:"fast,safe,off"`
	Image      string   `json:"image,omitempty" Default:"\"busybox:1.36\"" Description:"Container image."`
	Replicas   int      `json:"replicas" Minimum:"1" Maximum:"10" Default:"1"`
	Percent    float64  `json:"percent,omitempty" Minimum:"0" ExclusiveMinimum:"true" Maximum:"100" ExclusiveMaximum:"true" MultipleOf:"0.5"`
	Name       string   `json:"name" MinLength:"3" MaxLength:"63" Pattern:"^[a-z][a-z0-9-]*$"`
	Email      string   `json:"email,omitempty" Format:"email"`
	Hosts      []string `json:"hosts,omitempty" MinItems:"1" MaxItems:"5" UniqueItems:"true"`
	Window     Window   `json:"window" XValidations:"[{\"rule\":\"self.start < self.end\",\"message\":\"start must be before end\"}]"`
	Documented string   `json:"documented" Description:"A field with a description."`
}

type Window struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Tree: recursion, which yoke cuts with an open object.
type Tree struct {
	Name     string           `json:"name"`
	Children []Tree           `json:"children,omitempty"`
	Parent   *Tree            `json:"parent,omitempty"`
	Index    map[string]*Tree `json:"index,omitempty"`
}

// Pipeline and App: the examples' custom resources (examples/*/src/types.ts).
type Pipeline struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`
	Spec              PipelineSpec   `json:"spec,omitzero"`
	Status            PipelineStatus `json:"status,omitzero"`
}

type PipelineSpec struct {
	Image        string `json:"image,omitempty" Description:"Container image every job runs." Default:"\"busybox:1.36\""`
	BackoffLimit *int32 `json:"backoffLimit,omitempty" Description:"Retries of each job before it counts as failed." Minimum:"0" Maximum:"10"`
}

type PipelineStatus struct {
	Msg string `json:"msg,omitempty" Description:"What the pipeline is doing now, as one line."`
}

type App struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`
	Spec              AppSpec   `json:"spec"`
	Status            AppStatus `json:"status,omitzero"`
}

type AppSpec struct {
	Image    string       `json:"image" Description:"Container image of the application."`
	Replicas int32        `json:"replicas,omitempty" Description:"Number of application pods." Minimum:"1" Default:"1"`
	Database *AppDatabase `json:"database,omitempty"`
}

type AppDatabase struct {
	Tier   string `json:"tier,omitempty" Description:"Cloud SQL machine tier." Default:"\"db-f1-micro\""`
	Region string `json:"region,omitempty" Default:"\"us-central1\""`
}

type AppStatus struct {
	Msg string `json:"msg,omitempty"`
}

// The seed's Pipeline flight (yoke's orchestration guide), in Go with yoke's
// Go SDK: the reference the TypeScript flight in examples/pipeline is
// compared with.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/yaml"

	"github.com/yokecd/yoke/pkg/flight"
	"github.com/yokecd/yoke/pkg/flight/wasi/k8s"
)

type Pipeline struct {
	metav1.TypeMeta
	metav1.ObjectMeta `json:"metadata"`
	Spec              struct {
		Image        string `json:"image,omitempty"`
		BackoffLimit *int32 `json:"backoffLimit,omitempty"`
	} `json:"spec,omitzero"`
	// The seed declares this field without a json tag, so Go would write
	// "Status"; the ATC reads "status", so the tag is added here.
	Status struct {
		Msg string `json:"msg,omitempty"`
	} `json:"status"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run() error {
	var pipeline Pipeline
	if err := yaml.NewYAMLToJSONDecoder(os.Stdin).Decode(&pipeline); err != nil {
		return fmt.Errorf("failed to decode stdin into pipeline: %w", err)
	}

	image := pipeline.Spec.Image
	if image == "" {
		image = "busybox:1.36"
	}

	resources := flight.Resources{&pipeline}
	for _, step := range []string{"one", "two", "three"} {
		job := &batchv1.Job{
			TypeMeta:   metav1.TypeMeta{APIVersion: batchv1.SchemeGroupVersion.Identifier(), Kind: "Job"},
			ObjectMeta: metav1.ObjectMeta{Name: pipeline.Name + "-" + step},
			Spec: batchv1.JobSpec{
				BackoffLimit: pipeline.Spec.BackoffLimit,
				Template: corev1.PodTemplateSpec{
					Spec: corev1.PodSpec{
						RestartPolicy: corev1.RestartPolicyNever,
						Containers:    []corev1.Container{{Name: "step", Image: image, Command: []string{"sh", "-c", "echo " + step}}},
					},
				},
			},
		}
		resources = append(resources, job)

		ok, err := hasJobCompleted(&pipeline, job)
		if err != nil {
			return err
		}
		if !ok {
			return json.NewEncoder(os.Stdout).Encode(resources)
		}
	}

	pipeline.Status.Msg = "all jobs have completed"
	return json.NewEncoder(os.Stdout).Encode(resources)
}

func isJobStatus(job *batchv1.Job, typ batchv1.JobConditionType) bool {
	return job != nil && slices.ContainsFunc(job.Status.Conditions, func(condition batchv1.JobCondition) bool {
		return condition.Type == typ
	})
}

func hasJobCompleted(pipeline *Pipeline, job *batchv1.Job) (bool, error) {
	live, err := k8s.LookupResource(job)
	if err != nil && !k8s.IsErrNotFound(err) {
		return false, fmt.Errorf("failed to lookup job %s: %w", job.Name, err)
	}
	if isJobStatus(live, batchv1.JobFailed) {
		pipeline.Status.Msg = fmt.Sprintf("job %s failed", job.Name)
		return false, nil
	}
	if !isJobStatus(live, batchv1.JobComplete) {
		pipeline.Status.Msg = fmt.Sprintf("waiting for job %s to complete", job.Name)
		return false, nil
	}
	return true, nil
}

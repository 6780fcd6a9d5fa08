// A flight written in Go for GOOS=wasip1, with no yoke import: what Go's
// runtime asks of a WASI host when a flight sleeps, runs goroutine timers
// or panics. spec.do in the input picks the behaviour.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"time"
)

type input struct {
	Spec struct {
		Do string `json:"do"`
	} `json:"spec"`
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fmt.Fprintln(os.Stderr, "bad input:", err)
		os.Exit(1)
	}
	switch in.Spec.Do {
	case "timers":
		timers()
	case "panic":
		panic("the flight gave up: " + in.Spec.Do)
	case "sleep forever":
		time.Sleep(time.Hour)
	}
}

// timers sleeps, waits on a goroutine's timer and a ticker, and reports how
// long it all took as a ConfigMap.
func timers() {
	start := time.Now()
	time.Sleep(20 * time.Millisecond)
	done := make(chan string)
	go func() {
		<-time.NewTimer(15 * time.Millisecond).C
		done <- "timer fired"
	}()
	var got string
	select {
	case got = <-done:
	case <-time.After(10 * time.Second):
		got = "time.After fired first"
	}
	ticker := time.NewTicker(5 * time.Millisecond)
	for i := 0; i < 3; i++ {
		<-ticker.C
	}
	ticker.Stop()
	fmt.Fprintln(os.Stderr, got)
	out, _ := json.Marshal(map[string]any{
		"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]string{"name": "go-timers"},
		"data": map[string]string{"got": got, "atLeast50ms": fmt.Sprint(time.Since(start) >= 50*time.Millisecond)},
	})
	os.Stdout.Write(out)
}

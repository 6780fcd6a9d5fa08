module example.com/goflight

go 1.21

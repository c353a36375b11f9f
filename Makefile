# Coffer: the two commands are `make run` (start a server on the defaults)
# and `make test` (every test). Both work on a fresh machine with Go; the
# end-to-end suites also use the aws cli and boto3 (Python 3.11).

GO ?= go
BIN := bin/coffer

.PHONY: build run test unit e2e-python vet fmt bench clean

build:
	$(GO) build -o $(BIN) ./cmd/coffer

run: build
	./$(BIN) server

vet:
	$(GO) vet ./...
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi

# Unit, fuzz-seed and Go end-to-end tests (aws-sdk-go-v2 against the real binary).
unit:
	$(GO) test -count=1 -timeout 20m ./...

# boto3 and aws cli end-to-end tests against the real binary.
e2e-python: build
	COFFER_BIN=$(CURDIR)/$(BIN) python3 -m unittest discover -s e2e/python -p 'test_*.py' -v

test: vet unit e2e-python

bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./internal/...

clean:
	rm -rf bin coffer-data

// sdk-gen: the SDK of a Pulumi package in one language, generated from its schema by Pulumi's own
// code generator for that language — what `pulumi package gen-sdk --language …` does through the
// official CLI's language hosts, which are not built here. Go and Python come from
// github.com/pulumi/pulumi/pkg/v3 at the version the CLI is built from (go.mod, whose versions
// repeat pulumi-cli/go.mod so Go's build cache is shared: generators.go). The .NET generator left
// pkg/v3 in v3.229.0 for github.com/pulumi/pulumi-dotnet, which the Go module proxy does not serve
// here; it is built from pkg/v3 v3.206.0, the version the YAML language host already pins
// (go.dotnet.mod repeats pulumi-cli/language-yaml/go.mod): `go build -modfile=go.dotnet.mod -tags
// dotnet` (generators_dotnet.go). Keeping both module files tidy: `go mod tidy -e` (the default
// one cannot see codegen/dotnet) and `go mod tidy -modfile=go.dotnet.mod`.
//
// usage: sdk-gen LANGUAGE SCHEMA.json OUT-DIR   (LANGUAGE: go, python; or dotnet with -tags dotnet)
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// A generator writes a package's SDK: file names (relative to the SDK's folder) and contents.
type generator func(pkg *schema.Package) (map[string][]byte, error)

const tool = "mytpe-links sdk-gen"

func main() {
	if len(os.Args) != 4 {
		fail(fmt.Errorf("usage: sdk-gen LANGUAGE SCHEMA.json OUT-DIR (LANGUAGE: one of %v)", languages()))
	}
	language, schemaPath, out := os.Args[1], os.Args[2], os.Args[3]
	generate, ok := generators[language]
	if !ok {
		fail(fmt.Errorf("unknown language %q: this build generates %v", language, languages()))
	}
	text, err := os.ReadFile(schemaPath)
	if err != nil {
		fail(err)
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(text, &spec); err != nil {
		fail(fmt.Errorf("%s: %w", schemaPath, err))
	}
	// Validated as `pulumi package gen-sdk` validates it: every diagnostic is an error here.
	pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
	if err != nil {
		fail(err)
	}
	if diags.HasErrors() {
		fail(diags)
	}
	files, err := generate(pkg)
	if err != nil {
		fail(err)
	}
	for name, content := range files {
		path := filepath.Join(out, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			fail(err)
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			fail(err)
		}
	}
}

func languages() []string {
	names := make([]string, 0, len(generators))
	for name := range generators {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// noPackages is the loader of a schema that references no other package (as mytpe's): any
// reference to one is an error, and no plugin is ever started to find it.
type noPackages struct{}

func (noPackages) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema references package %q: sdk-gen loads none", name)
}

func (l noPackages) LoadPackageV2(_ context.Context, descriptor *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(descriptor.Name, nil)
}

func (l noPackages) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the schema references package %q: sdk-gen loads none", name)
}

func (l noPackages) LoadPackageReferenceV2(_ context.Context, descriptor *schema.PackageDescriptor) (schema.PackageReference, error) {
	return l.LoadPackageReference(descriptor.Name, nil)
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "sdk-gen: %v\n", err)
	os.Exit(1)
}

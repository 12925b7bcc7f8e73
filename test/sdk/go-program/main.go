// A Go program using the mytpe Go SDK generated from plugin/schema.json (test/sdk/generated-sdks.ts
// puts it at ../go/mytpe in this module), run through Pulumi's Automation API as an inline program:
// the CLI connects to this process (`--client`), so no Go language host is needed. One operation per
// run, named by the first argument (up, preview, destroy); what it prints on stdout is one JSON
// object (the engine's output and its counts), read by test/sdk/go-program.test.ts.
//
// Environment: MYTPE_INSTANCE (the payment instance), VOUCHER_TITLE, VOUCHER_AMOUNT, MYTPE_PLUGIN
// (the plugin folder), WORK_DIR (the project folder); the backend, passphrase, API and PATH as for
// any Pulumi command.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"

	"github.com/mytpe-links/pulumi-mytpe/sdk/go/mytpe"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// links declares a fixed-price voucher and an open-amount donation.
func links(instance, title string, amount float64) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		voucher, err := mytpe.NewPaymentLink(ctx, "voucher", &mytpe.PaymentLinkArgs{
			PaymentInstanceId: pulumi.String(instance),
			Title:             pulumi.String(title),
			AmountMode:        mytpe.AmountModeFixed,
			Amount:            pulumi.Float64(amount),
			UsageMode:         mytpe.UsageModeReusable,
		})
		if err != nil {
			return err
		}
		donation, err := mytpe.NewPaymentLink(ctx, "donation", &mytpe.PaymentLinkArgs{
			PaymentInstanceId: pulumi.String(instance),
			Title:             pulumi.String("Donation"),
			AmountMode:        mytpe.AmountModeOpen,
			MinAmount:         pulumi.Float64(100),
			UsageMode:         mytpe.UsageModeLimited,
			MaxUses:           pulumi.Int(20),
			Metadata:          pulumi.StringMap{"campaign": pulumi.String("go")},
		})
		if err != nil {
			return err
		}
		ctx.Export("voucherUrl", voucher.Url)
		ctx.Export("donationPaidCount", donation.PaidCount)
		return nil
	}
}

type result struct {
	StdOut  string         `json:"stdout"`
	StdErr  string         `json:"stderr"`
	Changes map[string]int `json:"changes"`
	Outputs map[string]any `json:"outputs,omitempty"`
}

func main() {
	ctx := context.Background()
	amount, err := strconv.ParseFloat(os.Getenv("VOUCHER_AMOUNT"), 64)
	if err != nil {
		fail(fmt.Errorf("VOUCHER_AMOUNT: %w", err))
	}
	project := workspace.Project{
		Name:    tokens.PackageName("mytpe-go"),
		Runtime: workspace.NewProjectRuntimeInfo("go", nil),
		Plugins: &workspace.Plugins{Providers: []workspace.PluginOptions{{Name: "mytpe", Path: os.Getenv("MYTPE_PLUGIN")}}},
	}
	program := links(os.Getenv("MYTPE_INSTANCE"), os.Getenv("VOUCHER_TITLE"), amount)
	stack, err := auto.UpsertStackInlineSource(ctx, "test", "mytpe-go", program,
		auto.Project(project), auto.WorkDir(os.Getenv("WORK_DIR")), auto.SecretsProvider("passphrase"))
	if err != nil {
		fail(err)
	}
	var out result
	switch operation := os.Args[len(os.Args)-1]; operation {
	case "up":
		res, err := stack.Up(ctx, optup.Diff())
		if err != nil {
			fail(err)
		}
		out = result{StdOut: res.StdOut, StdErr: res.StdErr, Changes: changes(res.Summary.ResourceChanges), Outputs: map[string]any{}}
		for name, output := range res.Outputs {
			out.Outputs[name] = output.Value
		}
	case "preview":
		res, err := stack.Preview(ctx, optpreview.Diff())
		if err != nil {
			fail(err)
		}
		out = result{StdOut: res.StdOut, StdErr: res.StdErr, Changes: map[string]int{}}
		for op, count := range res.ChangeSummary {
			out.Changes[string(op)] = count
		}
	case "destroy":
		res, err := stack.Destroy(ctx)
		if err != nil {
			fail(err)
		}
		out = result{StdOut: res.StdOut, StdErr: res.StdErr, Changes: changes(res.Summary.ResourceChanges)}
	default:
		fail(fmt.Errorf("unknown operation %q: expected up, preview or destroy", operation))
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fail(err)
	}
}

func changes(counts *map[string]int) map[string]int {
	if counts == nil {
		return map[string]int{}
	}
	return *counts
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "go-program: %v\n", err)
	os.Exit(1)
}

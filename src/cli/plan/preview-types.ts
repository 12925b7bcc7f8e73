// What `plan` reads from a `pulumi preview` (preview-steps.ts parses it): each resource's step, the
// engine's diagnostics, the provider's notes for machines and the policy packs' violations.

/** The state of a resource as a preview step shows it. */
export interface StepState {
  type?: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** One resource's step; a replacement's create-replacement/replace/delete-replaced become one. */
export interface PreviewStep {
  op: string;
  urn: string;
  type: string;
  old?: StepState;
  new?: StepState;
  /** Properties the provider said differ (`diffReasons`, or `keys` in the event stream). */
  diffReasons: string[];
  replaceReasons: string[];
}

export interface PreviewDiagnostic {
  severity: string;
  message: string;
  urn?: string;
}

export interface PolicyViolation {
  policyPack: string;
  policy: string;
  enforcementLevel: string;
  message: string;
  urn?: string;
}

/** What the provider said of a link for machines (its debug notes: NOTE_PREFIX in protocol.ts). */
export interface ProviderNote {
  urn: string;
  kind: string;
  reason?: string;
  fields?: string[];
  paid_count?: number;
  url?: string;
  /** The sentence the same note showed people. */
  message?: string;
}

export interface Preview {
  steps: PreviewStep[];
  diagnostics: PreviewDiagnostic[];
  /** Only the stream of events carries them; the `--json` document drops debug lines. */
  providerNotes: ProviderNote[];
  policyViolations: PolicyViolation[];
  /** Whether the engine reported the preview as failed (an error diagnostic, or the summary says so). */
  failed: boolean;
  /**
   * Unchanged resources the output counts but does not list: the `--json` document lists `same`
   * steps only with `--show-sames`, while its `changeSummary` counts them all.
   */
  unlistedSames: number;
}

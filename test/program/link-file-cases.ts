// The problems `npm run check` pins for each invalid fixture of test/fixtures/links/, with the
// behaviour each shows (link-files.test.ts reads every fixture against these; not a test file).

/** One invalid fixture (test/fixtures/links/<fixture>.yaml) and the problems it must get, in order. */
export interface LinkFileCase {
  fixture: string;
  behaviour: string;
  expected: string[];
}

export const CASES: LinkFileCase[] = [
  {
    fixture: "api-limits",
    behaviour: "holds a link to the API's own limits: DZD only, max_uses a safe integer, metadata keys and values in length",
    expected: [
      'api-limits.yaml:8:15: links.abroad.currency: "EUR" is not accepted by MyTPE: expected DZD',
      "api-limits.yaml:10:15: links.abroad.max_uses: expected a whole number of at most 9007199254740991, got 9007199254740992",
      "api-limits.yaml:12:51: links.abroad.metadata.a_key_that_is_longer_than_forty_characters: the key must be at most 40 characters, got 42",
      "api-limits.yaml:13:13: links.abroad.metadata.note: must be at most 500 characters, got 501",
    ],
  },
  {
    fixture: "adopted-twice",
    behaviour: "refuses a second declaration adopting the same live link, whatever the case of its id",
    expected: [
      "adopted-twice.yaml:10:3: links.spring-again.adopt: link b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e is already adopted by links.spring (adopted-twice.yaml:7:3); a link has one owner: keep `adopt: b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e` on one declaration only",
    ],
  },
  {
    fixture: "reserved-mark-key",
    behaviour: "refuses the metadata key the provider keeps its mark in, on the key",
    expected: [
      "reserved-mark-key.yaml:10:7: links.voucher.metadata._pulumi_link: _pulumi_link is reserved: mytpe-links keeps the link's mark there (how it finds its own links); use another key",
    ],
  },
  {
    fixture: "currency-and-metadata",
    behaviour: "reports a lowercase currency and metadata values that are not text",
    expected: [
      'currency-and-metadata.yaml:8:15: links.voucher.currency: expected a 3-letter ISO currency code such as DZD, got "dzd"',
      "currency-and-metadata.yaml:12:13: links.voucher.metadata.year: expected a text value (metadata is a flat map of strings), got 2027",
      "currency-and-metadata.yaml:13:15: links.voucher.metadata.nested: expected a text value (metadata is a flat map of strings), got a map",
    ],
  },
  {
    fixture: "defaults-mistakes",
    behaviour: "reports a mistake in defaults once, on defaults, naming the links it affects",
    expected: [
      'defaults-mistakes.yaml:4:13: defaults.currency: expected a 3-letter ISO currency code such as DZD, got "dzd" (in links voucher, donation)',
      "defaults-mistakes.yaml:5:13: defaults.max_uses: not allowed when usage_mode is reusable (it belongs to usage_mode limited) (in link donation)",
      "defaults-mistakes.yaml:6:3: defaults.campain: unknown field: expected one of payment_instance_id, form_id, title, description, logo, amount_mode, amount, min_amount, max_amount, currency, usage_mode, max_uses, target_amount, starts_at, ends_at, expires_at, allowed_payers, metadata, status, on_pricing_change, on_terminal, adopt (in links voucher, donation)",
    ],
  },
  {
    fixture: "duplicate-name-in-file",
    behaviour: "reports a link name declared twice in one file",
    expected: ["duplicate-name-in-file.yaml:10:3: links.voucher: duplicate link name: already declared at duplicate-name-in-file.yaml:8:3"],
  },
  {
    fixture: "duplicate-yaml-key",
    behaviour: "reports a key set twice in a link and in its metadata",
    expected: [
      "duplicate-yaml-key.yaml:9:5: links.voucher.title: duplicate key: already set at line 5",
      "duplicate-yaml-key.yaml:10:30: links.voucher.metadata.campaign: duplicate key: already set at line 10",
    ],
  },
  {
    fixture: "field-of-another-mode",
    behaviour: "rejects every field that belongs to another mode instead of dropping it",
    expected: [
      "field-of-another-mode.yaml:8:17: links.voucher.min_amount: not allowed when amount_mode is fixed (it belongs to amount_mode open)",
      "field-of-another-mode.yaml:10:15: links.voucher.max_uses: not allowed when usage_mode is reusable (it belongs to usage_mode limited)",
      "field-of-another-mode.yaml:11:20: links.voucher.target_amount: not allowed when usage_mode is reusable (it belongs to usage_mode capped_amount)",
      "field-of-another-mode.yaml:12:16: links.voucher.starts_at: not allowed when usage_mode is reusable (it belongs to usage_mode time_window)",
      "field-of-another-mode.yaml:13:21: links.voucher.allowed_payers: not allowed when usage_mode is reusable (it belongs to usage_mode whitelist)",
    ],
  },
  {
    fixture: "file-structure",
    behaviour: "reports misspelt top-level keys with a suggestion, and the missing links map",
    expected: [
      "file-structure.yaml:2:1: default: unknown top-level key: did you mean defaults?",
      "file-structure.yaml:2:1: links: expected a map of link name to link fields, got no `links:` key",
      "file-structure.yaml:4:1: link: unknown top-level key: did you mean links?",
    ],
  },
  {
    fixture: "fixed-without-amount",
    behaviour: "requires amount on a fixed link, pointing at the link name",
    expected: ["fixed-without-amount.yaml:3:3: links.voucher.amount: required when amount_mode is fixed"],
  },
  {
    fixture: "invalid-link-name",
    behaviour: "rejects link names that are not lowercase letters, digits and dashes",
    expected: [
      "invalid-link-name.yaml:8:3: links.Spring_Voucher: invalid link name: expected lowercase letters, digits and dashes, starting with a letter or digit, at most 63 characters",
      "invalid-link-name.yaml:10:3: links.-leading-dash: invalid link name: expected lowercase letters, digits and dashes, starting with a letter or digit, at most 63 characters",
    ],
  },
  {
    fixture: "link-not-a-map",
    behaviour: "reports a link whose body is not a map of fields",
    expected: [
      'link-not-a-map.yaml:5:12: links.voucher: expected a map of link fields, got "yes please"',
      "link-not-a-map.yaml:6:9: links.empty: expected a map of link fields, got null",
    ],
  },
  {
    fixture: "mode-required-fields",
    behaviour: "requires the field of each usage mode, and max_uses of 1 or more",
    expected: [
      "mode-required-fields.yaml:7:3: links.limited.max_uses: required when usage_mode is limited",
      "mode-required-fields.yaml:10:3: links.capped.target_amount: required when usage_mode is capped_amount",
      "mode-required-fields.yaml:13:3: links.window.starts_at: required when usage_mode is time_window",
      "mode-required-fields.yaml:13:3: links.window.ends_at: required when usage_mode is time_window",
      "mode-required-fields.yaml:19:15: links.zero-uses.max_uses: expected a whole number of 1 or more, got 0",
    ],
  },
  {
    fixture: "money-formats",
    behaviour: "rejects amounts with 3 decimals, 13 integer digits, zero or a sign",
    expected: [
      "money-formats.yaml:9:13: links.three-decimals.amount: expected at most 2 decimals, got 10.125",
      'money-formats.yaml:12:13: links.too-many-digits.amount: expected at most 12 digits before the decimal point, got "1234567890123"',
      "money-formats.yaml:15:13: links.zero.amount: expected an amount greater than 0, got 0",
      "money-formats.yaml:18:13: links.negative.amount: expected an amount greater than 0, got -5",
    ],
  },
  {
    fixture: "open-min-exceeds-max",
    behaviour: "rejects an open link whose min_amount exceeds its max_amount",
    expected: ["open-min-exceeds-max.yaml:7:17: links.donation.min_amount: must not exceed max_amount (500.00 > 100.00)"],
  },
  {
    fixture: "open-with-amount",
    behaviour: "rejects amount on an open link",
    expected: ["open-with-amount.yaml:7:13: links.donation.amount: not allowed when amount_mode is open (use min_amount / max_amount)"],
  },
  {
    fixture: "payers",
    behaviour: "checks every payer and requires a non-empty allowed_payers on a whitelist link",
    expected: [
      'payers.yaml:10:41: links.bad-payers.allowed_payers.1: expected an e-mail address or an E.164 phone number such as +213555123456, got "bob"',
      'payers.yaml:10:46: links.bad-payers.allowed_payers.2: expected an e-mail address or an E.164 phone number such as +213555123456, got "0555123456"',
      "payers.yaml:10:60: links.bad-payers.allowed_payers.3: expected an e-mail address or an E.164 phone number such as +213555123456, got 213555123456",
      "payers.yaml:13:21: links.no-payers.allowed_payers: expected at least one payer (an e-mail address or an E.164 phone number)",
      "payers.yaml:14:3: links.missing-payers.allowed_payers: required when usage_mode is whitelist",
    ],
  },
  {
    fixture: "text-lengths",
    behaviour: "rejects an empty title, a title over 255 and a description over 1000 characters",
    expected: [
      "text-lengths.yaml:5:12: links.empty-title.title: must not be empty: expected a text of 1 to 255 characters",
      "text-lengths.yaml:11:12: links.long-texts.title: must be at most 255 characters, got 256",
      "text-lengths.yaml:12:18: links.long-texts.description: must be at most 1000 characters, got 1001",
    ],
  },
  {
    fixture: "dates-outside-four-digit-years",
    behaviour: "rejects a date-time whose year leaves 0001–9999 once in UTC, rather than skip the window's order check",
    expected: [
      'dates-outside-four-digit-years.yaml:9:16: links.millennium.starts_at: expected a date-time between the years 0001 and 9999 in UTC, got "9999-12-31T23:30:00-05:00"',
      'dates-outside-four-digit-years.yaml:11:17: links.millennium.expires_at: expected a date-time between the years 0001 and 9999 in UTC, got "0000-12-31T23:00:00+01:00"',
    ],
  },
  {
    fixture: "time-window-ends-before-starts",
    behaviour: "rejects a time window that ends before it starts",
    expected: [
      "time-window-ends-before-starts.yaml:10:14: links.early-bird.ends_at: must be later than starts_at (2027-02-28T23:00:00.000Z is not after 2027-03-30T23:00:00.000Z)",
    ],
  },
  {
    fixture: "type-and-mode-errors-together",
    behaviour: "reports type errors and mode errors of one link in the same run",
    expected: [
      "type-and-mode-errors-together.yaml:5:12: links.voucher.title: expected a text of 1 to 255 characters, got 42",
      "type-and-mode-errors-together.yaml:7:13: links.voucher.amount: not allowed when amount_mode is open (use min_amount / max_amount)",
      'type-and-mode-errors-together.yaml:8:15: links.voucher.currency: expected a 3-letter ISO currency code such as DZD, got "dzd"',
      "type-and-mode-errors-together.yaml:10:15: links.voucher.max_uses: expected a whole number of 1 or more, got 1.5",
      'type-and-mode-errors-together.yaml:11:17: links.voucher.expires_at: expected an ISO 8601 date-time with an offset, such as 2027-03-01T09:00:00+01:00, got "tomorrow"',
      "type-and-mode-errors-together.yaml:12:21: links.voucher.allowed_payers: not allowed when usage_mode is limited (it belongs to usage_mode whitelist)",
    ],
  },
  {
    fixture: "unknown-field-typo",
    behaviour: "reports unknown fields on their key with the closest known field",
    expected: [
      "unknown-field-typo.yaml:5:3: links.voucher-10k.amount: required when amount_mode is fixed",
      "unknown-field-typo.yaml:5:3: links.voucher-10k.max_uses: required when usage_mode is limited",
      "unknown-field-typo.yaml:8:5: links.voucher-10k.amout: unknown field: did you mean amount?",
      "unknown-field-typo.yaml:10:5: links.voucher-10k.maxUses: unknown field: did you mean max_uses?",
      "unknown-field-typo.yaml:11:5: links.voucher-10k.colour: unknown field: expected one of payment_instance_id, form_id, title, description, logo, amount_mode, amount, min_amount, max_amount, currency, usage_mode, max_uses, target_amount, starts_at, ends_at, expires_at, allowed_payers, metadata, status, on_pricing_change, on_terminal, adopt",
    ],
  },
  {
    fixture: "wrong-mode-values",
    behaviour: "suggests the closest mode for a misspelt one, and names a list given for a mode",
    expected: [
      'wrong-mode-values.yaml:6:18: links.voucher.amount_mode: expected fixed or open, got "fixd" (did you mean fixed?)',
      "wrong-mode-values.yaml:8:17: links.voucher.usage_mode: expected one of one_shot, limited, reusable, capped_amount, time_window, whitelist, got a list",
    ],
  },
  {
    fixture: "wrong-types",
    behaviour: "reports a wrong type or format on every field, with what was expected and what was found",
    expected: [
      'wrong-types.yaml:4:26: links.voucher.payment_instance_id: expected a UUID such as 3e4f5a6b-7c8d-4e0f-9a2b-3c4d5e6f7a8b, got "not-a-uuid"',
      "wrong-types.yaml:5:14: links.voucher.form_id: expected a UUID such as 3e4f5a6b-7c8d-4e0f-9a2b-3c4d5e6f7a8b, got 42",
      "wrong-types.yaml:6:12: links.voucher.title: expected a text of 1 to 255 characters, got 42",
      "wrong-types.yaml:7:18: links.voucher.description: expected a text of at most 1000 characters, got a list",
      'wrong-types.yaml:8:11: links.voucher.logo: expected an http(s) URL such as https://example.com/logo.png, got "ftp://example.com/logo.png"',
      'wrong-types.yaml:10:13: links.voucher.amount: expected an amount such as 4500 or 4500.50, got "lots"',
      'wrong-types.yaml:12:17: links.voucher.expires_at: expected an ISO 8601 date-time with an offset, such as 2027-03-01T09:00:00+01:00, got "2027-04-01"',
      'wrong-types.yaml:13:13: links.voucher.status: expected one of draft, active, paused, archived, got "actve" (did you mean active?)',
      'wrong-types.yaml:14:24: links.voucher.on_pricing_change: expected replace or fail, got "ignore"',
    ],
  },
  {
    fixture: "yaml-syntax-error",
    behaviour: "reports a string left unclosed where its quote opens, and where the parser gave up",
    expected: [
      'yaml-syntax-error.yaml:4:12: (yaml): YAML syntax: Missing closing "quote (opened here and never closed; the parser gave up at line 6, column 1)',
    ],
  },
  {
    fixture: "unclosed-bracket",
    behaviour: "reports a brace left unclosed where it opens, once, without what follows from it",
    expected: [
      "unclosed-bracket.yaml:6:15: (yaml): YAML syntax: Flow map in block collection must be sufficiently indented and end with a } (opened here and never closed; the parser gave up at line 7, column 5)",
    ],
  },
];

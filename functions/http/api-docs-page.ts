import { escapeHtml } from '../domain/html.ts';

type Json = Record<string, unknown>;

const METHODS = ['get', 'head', 'post', 'put', 'delete'] as const;

const asObject = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};

/** A schema in one line: `{claimId: string, status: string, …}`, arrays as `[…]`, references by name. */
export function schemaSummary(schema: unknown, depth = 0): string {
  const s = asObject(schema);
  if (typeof s.$ref === 'string') return s.$ref.split('/').at(-1) ?? s.$ref;
  const union = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(union)) return union.map((u) => schemaSummary(u, depth)).join(' | ');
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (s.type === 'array') return `[${schemaSummary(s.items, depth)}]`;
  if (s.type === 'object' || s.properties !== undefined) {
    const properties = asObject(s.properties);
    if (Object.keys(properties).length === 0) return 'object';
    if (depth >= 2) return '{…}';
    const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
    const fields = Object.entries(properties).map(
      ([name, value]) => `${name}${required.has(name) ? '' : '?'}: ${schemaSummary(value, depth + 1)}`,
    );
    return `{${fields.join(', ')}}`;
  }
  return Array.isArray(s.type) ? s.type.join(' | ') : typeof s.type === 'string' ? s.type : 'any';
}

function contentRows(content: unknown): string {
  return Object.entries(asObject(content))
    .map(
      ([media, value]) =>
        `<div><code>${escapeHtml(media)}</code> <code class="schema">${escapeHtml(
          schemaSummary(asObject(value).schema),
        )}</code></div>`,
    )
    .join('');
}

function operationSection(path: string, method: string, op: Json, components: Json): string {
  const parameters = (op.parameters ?? []) as Json[];
  const security = (op.security ?? []) as unknown[];
  const body = asObject(asObject(op.requestBody).content);
  const responses = Object.entries(asObject(op.responses)).map(([status, value]) => {
    const ref = asObject(value).$ref;
    const response =
      typeof ref === 'string'
        ? asObject(asObject(components.responses)[ref.split('/').at(-1) ?? ''])
        : asObject(value);
    return `<tr><td>${escapeHtml(status)}</td><td>${escapeHtml(String(response.description ?? ''))}${contentRows(
      response.content,
    )}</td></tr>`;
  });
  const id = `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-');
  return `<section class="operation" id="${escapeHtml(id)}">
<h3><span class="method">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(String(op.summary ?? ''))}</p>
<p class="auth">${security.length > 0 ? 'Bearer token (JWT)' : 'Public: no token'}</p>
${
  parameters.length === 0
    ? ''
    : `<table><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th></tr>${parameters
        .map(
          (p) =>
            `<tr><td><code>${escapeHtml(String(p.name))}</code></td><td>${escapeHtml(String(p.in))}</td><td>${
              p.required === true ? 'yes' : 'no'
            }</td><td><code>${escapeHtml(schemaSummary(p.schema))}</code>${
              p.description === undefined ? '' : ` ${escapeHtml(String(p.description))}`
            }</td></tr>`,
        )
        .join('')}</table>`
}
${Object.keys(body).length === 0 ? '' : `<h4>Request body</h4>${contentRows(body)}`}
<table><tr><th>status</th><th>answer</th></tr>${responses.join('')}</table>
</section>`;
}

/** The OpenAPI document as one plain HTML page: no script, no style sheet from elsewhere. */
export function apiDocsPage(document: Json): string {
  const info = asObject(document.info);
  const components = asObject(document.components);
  const sections: string[] = [];
  const index: string[] = [];
  for (const [path, item] of Object.entries(asObject(document.paths))) {
    for (const method of METHODS) {
      const op = asObject(item)[method];
      if (op === undefined) continue;
      const id = `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-');
      index.push(`<li><a href="#${escapeHtml(id)}">${method.toUpperCase()} ${escapeHtml(path)}</a></li>`);
      sections.push(operationSection(path, method, asObject(op), components));
    }
  }
  const schemas = Object.entries(asObject(components.schemas)).map(
    ([name, schema]) =>
      `<h3>${escapeHtml(name)}</h3><p><code class="schema">${escapeHtml(schemaSummary(schema))}</code></p>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(String(info.title ?? 'API'))}</title>
<style>body{font-family:system-ui,sans-serif;max-width:70rem;margin:auto;padding:1rem}
.operation{border-top:1px solid #ccc;padding:.5rem 0}.method{font-weight:bold}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .4rem;text-align:left;vertical-align:top}
.schema{white-space:pre-wrap;word-break:break-word}.auth{color:#555}</style></head>
<body><h1>${escapeHtml(String(info.title ?? 'API'))} <small>${escapeHtml(String(info.version ?? ''))}</small></h1>
<p>${escapeHtml(String(info.description ?? ''))}</p>
<p>The machine-readable document: <a href="openapi.json">openapi.json</a> (OpenAPI ${escapeHtml(
    String(document.openapi ?? ''),
  )}).</p>
<h2>Operations</h2><ul>${index.join('')}</ul>
${sections.join('\n')}
<h2>Shared schemas</h2>${schemas.join('')}
</body></html>`;
}

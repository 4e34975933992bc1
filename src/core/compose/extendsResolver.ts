// Resolves `extends` the way compose does, per file and before files are merged: `extends: base` names a service of the same
// file, `extends: { service, file }` one of another file (relative to the file that says so); recursive, cycles reported.
import { dirname, isAbsolute, join } from 'node:path';
import { diagnosticAt, type ComposeEntry, type ComposeMap, type ComposeValue, type ReportDiagnostic, type Span } from './composeValue';
import type { LoadedComposeFile } from './loadComposeFile';
import { mergeComposeValues } from './mergeComposeValues';

interface ExtendsReference {
  readonly service: string;
  readonly serviceSpan: Span;
  readonly file?: string;
  readonly fileSpan?: Span;
}

export class ExtendsResolver {
  private readonly resolved = new Map<LoadedComposeFile, Map<string, ComposeMap | undefined>>();

  /** `loadFile` reads and parses a file by path (cached by the caller), undefined when it cannot be read. */
  constructor(
    private readonly loadFile: (path: string) => LoadedComposeFile | undefined,
    private readonly report: ReportDiagnostic,
  ) {}

  /** The service with its `extends` chain applied and the `extends` key removed; undefined when it is not a mapping. */
  resolve(file: LoadedComposeFile, name: string, trail: readonly string[] = []): ComposeMap | undefined {
    let cache = this.resolved.get(file);
    if (cache === undefined) this.resolved.set(file, (cache = new Map<string, ComposeMap | undefined>()));
    if (cache.has(name)) return cache.get(name);
    const service = serviceMapping(fileServices(file).get(name)?.value);
    const extendsValue = service?.entries.get('extends')?.value;
    if (service === undefined || extendsValue === undefined) return service;
    const own = withoutExtends(service);
    const here = `${file.source.path} › ${name}`;
    if (trail.includes(here)) {
      const loop = [...trail.slice(trail.indexOf(here)), here].join(' → ');
      this.report(diagnosticAt(extendsValue.span, 'error', 'extends-cycle', `\`extends\` loops back: ${loop}`));
      return own;
    }
    const merged = this.extend(file, name, own, extendsValue, [...trail, here]);
    cache.set(name, merged);
    return merged;
  }

  private extend(file: LoadedComposeFile, name: string, own: ComposeMap, extendsValue: ComposeValue, trail: readonly string[]): ComposeMap {
    const reference = this.reference(extendsValue);
    if (reference === undefined) return own;
    let baseFile = file;
    if (reference.file !== undefined) {
      const path = isAbsolute(reference.file) ? reference.file : join(dirname(file.source.path), reference.file);
      const loaded = this.loadFile(path);
      if (loaded === undefined) {
        const message = `cannot read \`${reference.file}\` (${path}) for \`extends\``;
        this.report(diagnosticAt(reference.fileSpan ?? extendsValue.span, 'error', 'extends-missing-file', message));
        return own;
      }
      baseFile = loaded;
    }
    if (!fileServices(baseFile).has(reference.service)) {
      const where = reference.file === undefined ? 'this file' : `\`${reference.file}\``;
      const message = `service \`${name}\` extends \`${reference.service}\`, which ${where} does not define`;
      this.report(diagnosticAt(reference.serviceSpan, 'error', 'extends-missing-service', message));
      return own;
    }
    const base = this.resolve(baseFile, reference.service, trail);
    if (base === undefined) {
      this.report(diagnosticAt(reference.serviceSpan, 'error', 'extends-missing-service', `\`${reference.service}\` is not a service mapping`));
      return own;
    }
    const merged = mergeComposeValues(base, own, '');
    return merged?.kind === 'map' ? merged : own;
  }

  private reference(value: ComposeValue): ExtendsReference | undefined {
    if (value.kind === 'scalar' && typeof value.value === 'string' && value.value !== '') return { service: value.value, serviceSpan: value.span };
    if (value.kind === 'map') {
      const service = value.entries.get('service')?.value;
      const file = value.entries.get('file')?.value;
      const fileName = file?.kind === 'scalar' && typeof file.value === 'string' && file.value !== '' ? file.value : undefined;
      if (file !== undefined && fileName === undefined) {
        this.report(diagnosticAt(file.span, 'error', 'extends-invalid', '`extends.file` is a path to a compose file'));
        return undefined;
      }
      if (service?.kind === 'scalar' && typeof service.value === 'string' && service.value !== '') {
        const fromFile = fileName === undefined || file === undefined ? {} : { file: fileName, fileSpan: file.span };
        return { service: service.value, serviceSpan: service.span, ...fromFile };
      }
      const message = '`extends` needs `service:`, the name of the service to extend';
      this.report(diagnosticAt(service?.span ?? value.span, 'error', 'extends-invalid', message));
      return undefined;
    }
    this.report(diagnosticAt(value.span, 'error', 'extends-invalid', '`extends` is a service name or `{ service, file }`'));
    return undefined;
  }
}

/** The `services` mapping of a file; empty when it has none or it is not a mapping (reported elsewhere). */
export function fileServices(file: LoadedComposeFile): ReadonlyMap<string, ComposeEntry> {
  const root = file.root;
  const services = root?.kind === 'map' ? root.entries.get('services')?.value : undefined;
  return services?.kind === 'map' ? services.entries : new Map();
}

/** `web:` with nothing under it is an empty service. */
function serviceMapping(value: ComposeValue | undefined): ComposeMap | undefined {
  if (value?.kind === 'map') return value;
  if (value?.kind === 'scalar' && value.value === null) return { kind: 'map', entries: new Map(), span: value.span };
  return undefined;
}

function withoutExtends(service: ComposeMap): ComposeMap {
  const entries = new Map(service.entries);
  entries.delete('extends');
  return { ...service, entries };
}

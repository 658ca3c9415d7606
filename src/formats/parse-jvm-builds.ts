/**
 * Maven and Gradle: pom.xml (the `<dependencies>` of the project, with `${property}` values filled from
 * `<properties>` and versions from `<dependencyManagement>`), build.gradle / build.gradle.kts (string and map
 * notations of the usual configurations) and gradle.lockfile (every resolved module with its configurations).
 * Packages are named `groupId:artifactId`. Pure; malformed input throws TpoError('Invalid') with `file:line:`.
 */
import type { ThirdPartyPackage } from '../domain/index.js';
import { createParseError, getLineAt } from './parse-error.js';

function mavenPackage(
  source: string,
  name: string,
  version: string | null,
  direct: boolean,
  dev: boolean,
): ThirdPartyPackage {
  const unpinned = version === null || /[[(,)\]]|\$\{|\+|latest/i.test(version);
  return { ecosystem: 'maven', name, version, unpinned, direct, dev, license: null, source };
}

function tag(block: string, name: string): string | null {
  const m = new RegExp(`<${name}>\\s*([^<]*?)\\s*</${name}>`).exec(block);
  return m ? m[1]! : null;
}

/** Blanks a section (keeping line breaks, so offsets and lines stay right). */
function blank(text: string, pattern: RegExp): string {
  return text.replace(pattern, (m) => m.replace(/[^\n]/g, ' '));
}

/** pom.xml: direct dependencies; `test` and `provided` scopes count as dev. Plugins' dependencies are left out. */
export function parsePom(file: string, text: string): ThirdPartyPackage[] {
  if (!/<project[\s>]/.test(text))
    throw createParseError(file, 1, 'no <project> element; expected a Maven pom.xml');
  const noComments = blank(text, /<!--[\s\S]*?-->/g);
  const properties = new Map<string, string>();
  const props = /<properties>([\s\S]*?)<\/properties>/.exec(noComments);
  if (props)
    for (const m of props[1]!.matchAll(/<([\w.-]+)>\s*([^<]*?)\s*<\/\1>/g)) properties.set(m[1]!, m[2]!);
  const withoutParent = blank(noComments, /<parent>[\s\S]*?<\/parent>/g);
  const projectVersion = tag(
    blank(withoutParent, /<(dependencies|build|profiles|dependencyManagement)>[\s\S]*?<\/\1>/g),
    'version',
  );
  if (projectVersion) properties.set('project.version', projectVersion);
  const resolve = (value: string | null): string | null =>
    value === null ? null : value.replace(/\$\{([^}]+)\}/g, (all, key: string) => properties.get(key) ?? all);
  const managed = new Map<string, string>();
  const management = /<dependencyManagement>([\s\S]*?)<\/dependencyManagement>/.exec(noComments);
  if (management)
    for (const m of management[1]!.matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)) {
      const version = resolve(tag(m[1]!, 'version'));
      if (version) managed.set(`${tag(m[1]!, 'groupId') ?? ''}:${tag(m[1]!, 'artifactId') ?? ''}`, version);
    }
  const body = blank(noComments, /<(dependencyManagement|build|pluginManagement|reporting)>[\s\S]*?<\/\1>/g);
  const out: ThirdPartyPackage[] = [];
  for (const m of body.matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)) {
    const group = resolve(tag(m[1]!, 'groupId'));
    const artifact = resolve(tag(m[1]!, 'artifactId'));
    if (!group || !artifact)
      throw createParseError(file, getLineAt(text, m.index), 'a <dependency> has no groupId or artifactId');
    const name = `${group}:${artifact}`;
    const version = resolve(tag(m[1]!, 'version')) ?? managed.get(name) ?? null;
    const scope = tag(m[1]!, 'scope');
    out.push(mavenPackage(file, name, version, true, scope === 'test' || scope === 'provided'));
  }
  return out;
}

const GRADLE_CONFIGURATIONS =
  'implementation|api|compileOnly|runtimeOnly|compile|runtime|testImplementation|testCompileOnly|testRuntimeOnly|testCompile|androidTestImplementation|annotationProcessor|kapt|ksp|classpath|developmentOnly';

/** build.gradle / build.gradle.kts: `implementation 'g:a:v'`, `implementation("g:a:v")`, `group: 'g', name: 'a', version: 'v'`. */
export function parseGradleBuild(file: string, text: string): ThirdPartyPackage[] {
  const out: ThirdPartyPackage[] = [];
  const stringNotation = new RegExp(
    `\\b(${GRADLE_CONFIGURATIONS})\\s*\\(?\\s*(?:platform\\s*\\(\\s*)?["']([^"':\\s]+):([^"':\\s]+)(?::([^"'@\\s]+))?(?:@\\w+)?["']`,
    'g',
  );
  for (const m of text.matchAll(stringNotation)) {
    const dev = /^(test|androidTest)/.test(m[1]!);
    out.push(mavenPackage(file, `${m[2]!}:${m[3]!}`, m[4] ?? null, true, dev));
  }
  const mapNotation = new RegExp(
    `\\b(${GRADLE_CONFIGURATIONS})\\s*\\(?\\s*group\\s*[:=]\\s*["']([^"']+)["']\\s*,\\s*name\\s*[:=]\\s*["']([^"']+)["'](?:\\s*,\\s*version\\s*[:=]\\s*["']([^"']+)["'])?`,
    'g',
  );
  for (const m of text.matchAll(mapNotation)) {
    const dev = /^(test|androidTest)/.test(m[1]!);
    out.push(mavenPackage(file, `${m[2]!}:${m[3]!}`, m[4] ?? null, true, dev));
  }
  return out;
}

/** gradle.lockfile: `group:artifact:version=configuration,…` for every resolved module, direct or not. */
export function parseGradleLockfile(file: string, text: string): ThirdPartyPackage[] {
  const out: ThirdPartyPackage[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('empty=')) return;
    const m = /^([^:\s]+):([^:\s]+):([^=\s]+)=(.*)$/.exec(line);
    if (!m) throw createParseError(file, i + 1, 'expected `group:artifact:version=configurations`');
    const configurations = m[4]!.split(',').filter((c) => c !== '');
    const dev = configurations.length > 0 && configurations.every((c) => /^test/i.test(c));
    out.push(mavenPackage(file, `${m[1]!}:${m[2]!}`, m[3]!, false, dev));
  });
  return out;
}

import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The files `docker build .` would send: those of the checkout (tracked, or new and not git-ignored) minus what
 * .dockerignore excludes. Docker's rules, as far as this project uses them: patterns are relative to the root,
 * `*` and `?` stay within a path segment, `**` spans segments, a pattern that matches a folder excludes everything
 * in it, `!` re-includes, and the last matching line wins.
 */
export function dockerIgnoreMatcher(text: string): (path: string) => boolean {
  const rules = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const include = line.startsWith('!');
      const pattern = (include ? line.slice(1) : line).replace(/^\/+|\/+$/g, '');
      const source = pattern
        .split(/(\*\*\/?|\*|\?)/)
        .map((part) => (part.startsWith('**') ? '(?:.*/)?' + (part === '**' ? '.*' : '') : part === '*' ? '[^/]*' : part === '?' ? '[^/]' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
        .join('');
      return { include, regex: new RegExp(`^${source}(?:/.*)?$`) };
    });
  return (path) => {
    let ignored = false;
    for (const rule of rules) if (rule.regex.test(path)) ignored = !rule.include;
    return ignored;
  };
}

export function dockerContextFiles(root: string): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ignored = dockerIgnoreMatcher(readFileSync(join(root, '.dockerignore'), 'utf8'));
  return [...new Set(listed.split('\0').filter(Boolean))].filter((path) => !ignored(path));
}

/** Copies those files into `target`, as the image's `COPY . .` would see them. */
export function copyDockerContext(root: string, target: string): number {
  const files = dockerContextFiles(root);
  for (const file of files) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    try {
      copyFileSync(join(root, file), join(target, file));
    } catch (error) {
      // A file deleted in the work tree but still in the index is not in the build context either.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return files.length;
}

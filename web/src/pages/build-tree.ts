/**
 * Turns the code map's flat file list into the folder tree the treemap draws: size = lines of code, colour =
 * hotspot score (pale for calm code, dark red for the hottest file).
 */
import type { CodeMapFile } from '../api/types';

export interface TreeNode {
  name: string;
  path: string;
  value: number;
  score: number;
  children?: TreeNode[];
  itemStyle?: { color: string };
  label?: { color: string };
}

/** A sequential yellow-orange-red scale that stays readable for the common colour-vision deficiencies. */
const SCALE = ['#fff7bc', '#fee391', '#fec44f', '#fe9929', '#ec7014', '#cc4c02', '#8c2d04'];
const CALM = '#e2e8f0';

function getScaleIndex(score: number, maxScore: number): number {
  if (score <= 0 || maxScore <= 0) return -1;
  // Square root, so middling scores stay visible beside the hottest file.
  return Math.min(SCALE.length - 1, Math.floor(Math.sqrt(score / maxScore) * SCALE.length));
}

/** The colour of a hotspot score relative to the hottest file. */
export function getHotspotColor(score: number, maxScore: number): string {
  const i = getScaleIndex(score, maxScore);
  return i < 0 ? CALM : SCALE[i]!;
}

/** Dark text on the pale end of the scale, white on the dark end (contrast of at least 4.5:1 both ways). */
function getLabelColor(score: number, maxScore: number): string {
  return getScaleIndex(score, maxScore) >= 5 ? '#ffffff' : '#0f172a';
}

export const HOTSPOT_LEGEND: readonly { color: string; label: string }[] = [
  { color: CALM, label: 'no change in 12 months' },
  ...SCALE.map((color, i) => ({
    color,
    label: i === 0 ? 'cooler' : i === SCALE.length - 1 ? 'hottest' : '',
  })),
];

/** What every treemap node has: its box's size (`value`) and, for a folder, its children. */
export interface FolderNode<N> {
  name: string;
  path: string;
  value: number;
  children?: N[];
}

/**
 * Turns a flat file list into the folder tree a treemap draws: `leaf` makes a file's box, `folder` an empty folder,
 * `total` a folder's figures from its children. A folder holding only one folder becomes one box ("src/lib").
 * Files without lines of code are left out.
 */
export function buildFolderTree<F extends { path: string; loc: number }, N extends FolderNode<N>>(
  files: readonly F[],
  leaf: (file: F, name: string) => N,
  folder: (name: string, path: string) => N,
  total: (node: N, children: readonly N[]) => N,
): N[] {
  const root = folder('', '');
  for (const file of files) {
    if (file.loc <= 0) continue;
    const parts = file.path.split('/');
    let node = root;
    for (let i = 0; i < parts.length - 1; i += 1) {
      const path = parts.slice(0, i + 1).join('/');
      let child = node.children!.find((c) => c.path === path && c.children);
      if (!child) {
        child = folder(parts[i]!, path);
        node.children!.push(child);
      }
      node = child;
    }
    node.children!.push(leaf(file, parts[parts.length - 1]!));
  }
  const finish = (node: N): N => {
    if (!node.children) return node;
    let current: N = { ...node, children: node.children.map(finish) };
    while (current.children?.length === 1 && current.children[0]!.children && current.path !== '') {
      const only: N = current.children[0]!;
      current = { ...only, name: `${current.name}/${only.name}` };
    }
    return total(current, current.children ?? []);
  };
  return finish(root).children ?? [];
}

export function buildTree(files: readonly CodeMapFile[]): TreeNode[] {
  const maxScore = files.reduce((m, f) => Math.max(m, f.hotspot), 0);
  return buildFolderTree<CodeMapFile, TreeNode>(
    files,
    (file, name) => ({
      name,
      path: file.path,
      value: file.loc,
      score: file.hotspot,
      itemStyle: { color: getHotspotColor(file.hotspot, maxScore) },
      label: { color: getLabelColor(file.hotspot, maxScore) },
    }),
    (name, path) => ({ name, path, value: 0, score: 0, children: [], itemStyle: { color: '#475569' } }),
    (node, kids) => ({
      ...node,
      value: kids.reduce((s, c) => s + c.value, 0),
      score: kids.reduce((m, c) => Math.max(m, c.score), 0),
    }),
  );
}

// The elements of Berth's engine views: plain data from core/engine, tagged with what they are.
import type { ContainerView } from '../../core/engine/describeContainer';
import type { ImageView } from '../../core/engine/describeImage';
import type { NetworkMember, NetworkView } from '../../core/engine/describeNetwork';
import type { NodeView } from '../../core/engine/describeNode';
import type { ContainerGroup } from '../../core/engine/groupContainers';

export type EngineTreeNode =
  | { readonly kind: 'group'; readonly group: ContainerGroup }
  | { readonly kind: 'container'; readonly view: ContainerView }
  | { readonly kind: 'image'; readonly view: ImageView }
  | { readonly kind: 'dangling'; readonly images: readonly ImageView[] }
  | { readonly kind: 'network'; readonly view: NetworkView }
  | { readonly kind: 'member'; readonly network: NetworkView; readonly member: NetworkMember }
  | { readonly kind: 'node'; readonly view: NodeView };

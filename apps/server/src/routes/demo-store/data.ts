/** The demo store's catalogue: small, deterministic, in memory (it is an offline target, not a product). */
export interface DemoCategory {
  id: number;
  name: string;
  slug: string;
}
export interface DemoProduct {
  id: number;
  name: string;
  categoryId: number;
  price: number;
  stock: number;
  tags: string[];
}

export const categories: DemoCategory[] = [
  { id: 1, name: 'Keyboards', slug: 'keyboards' },
  { id: 2, name: 'Mice', slug: 'mice' },
  { id: 3, name: 'Monitors', slug: 'monitors' },
  { id: 4, name: 'Cables', slug: 'cables' },
  { id: 5, name: 'Desks', slug: 'desks' },
];

const adjectives = ['Compact', 'Pro', 'Silent', 'Wireless', 'Ergo', 'Classic', 'Ultra', 'Mini'];

/** 40 products, 8 per category, prices 5–500. */
export function initialProducts(): DemoProduct[] {
  const out: DemoProduct[] = [];
  for (const c of categories) {
    adjectives.forEach((adj, i) => {
      const id = out.length + 1;
      out.push({
        id,
        name: `${adj} ${c.name.replace(/s$/, '')}`,
        categoryId: c.id,
        price: Math.round((5 + ((id * 37) % 100) * 4.95) * 100) / 100,
        stock: (id * 13) % 50,
        tags: i % 2 === 0 ? ['bestseller'] : ['new'],
      });
    });
  }
  return out;
}

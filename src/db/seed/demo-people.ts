import type { Role } from "../../generated/prisma/enums";
import type { AddressRow, ShippingAddressSnapshot, UserSeed } from "./demo-rows";
import type { Random } from "./random";

/** The demo accounts the README and tests sign in with; every other demo password is random. */
export const demoAccounts = {
  admin: { email: "admin@bazaar.test", password: "bazaar-admin" },
  staff: { email: "staff@bazaar.test", password: "bazaar-staff" },
  customer: { email: "customer@bazaar.test", password: "bazaar-customer" },
} as const;

type PostalAddress = Omit<ShippingAddressSnapshot, "fullName">;

interface PersonSpec {
  name: string;
  roles: Role[];
  /** Absent: `firstname.lastname@example.com` with a random password. */
  account?: { email: string; password: string };
  addresses: PostalAddress[];
}

const people: readonly PersonSpec[] = [
  { name: "Morgan Lee", roles: ["ADMIN"], account: demoAccounts.admin, addresses: [] },
  { name: "Priya Patel", roles: ["STAFF"], account: demoAccounts.staff, addresses: [] },
  {
    name: "Jamie Carter",
    roles: ["CUSTOMER"],
    account: demoAccounts.customer,
    addresses: [
      {
        line1: "418 Larkspur Lane",
        line2: null,
        city: "Portland",
        postalCode: "97214",
        region: "OR",
        country: "US",
        phone: "+1 503 555 0142",
      },
    ],
  },
  {
    name: "Olivia Bennett",
    roles: ["CUSTOMER"],
    addresses: [
      {
        line1: "55 Maple Street",
        line2: "Apt 3B",
        city: "Brooklyn",
        postalCode: "11201",
        region: "NY",
        country: "US",
        phone: "+1 718 555 0107",
      },
      {
        line1: "200 Park Avenue South",
        line2: "Floor 9",
        city: "New York",
        postalCode: "10003",
        region: "NY",
        country: "US",
        phone: null,
      },
    ],
  },
  {
    name: "Mateo Alvarez",
    roles: ["CUSTOMER"],
    addresses: [
      {
        line1: "1200 Congress Avenue",
        line2: null,
        city: "Austin",
        postalCode: "78701",
        region: "TX",
        country: "US",
        phone: "+1 512 555 0163",
      },
    ],
  },
  {
    name: "Hannah Schmidt",
    roles: ["CUSTOMER"],
    addresses: [
      {
        line1: "Torstraße 88",
        line2: null,
        city: "Berlin",
        postalCode: "10119",
        region: null,
        country: "DE",
        phone: "+49 30 5550 1234",
      },
    ],
  },
  {
    name: "Noah Kim",
    roles: ["CUSTOMER"],
    addresses: [
      {
        line1: "88 Pine Street",
        line2: "Unit 12",
        city: "Seattle",
        postalCode: "98101",
        region: "WA",
        country: "US",
        phone: "+1 206 555 0188",
      },
      {
        line1: "4021 Fremont Avenue North",
        line2: null,
        city: "Seattle",
        postalCode: "98103",
        region: "WA",
        country: "US",
        phone: null,
      },
    ],
  },
  {
    name: "Amara Okafor",
    roles: ["CUSTOMER"],
    addresses: [
      {
        line1: "14 Camden Road",
        line2: null,
        city: "London",
        postalCode: "NW1 9DP",
        region: null,
        country: "GB",
        phone: "+44 20 7946 0321",
      },
    ],
  },
  {
    name: "Lucas Moreau",
    roles: ["CUSTOMER"],
    addresses: [
      {
        line1: "2150 Rue Saint-Denis",
        line2: null,
        city: "Montréal",
        postalCode: "H2X 3K7",
        region: "QC",
        country: "CA",
        phone: "+1 514 555 0119",
      },
    ],
  },
  {
    name: "Sofia Rossi",
    roles: ["CUSTOMER"],
    addresses: [
      {
        line1: "310 Elm Avenue",
        line2: "Apt 2",
        city: "Chicago",
        postalCode: "60614",
        region: "IL",
        country: "US",
        phone: null,
      },
    ],
  },
  {
    name: "Ethan Walsh",
    roles: ["CUSTOMER"],
    addresses: [
      {
        line1: "9 Harbor View Road",
        line2: null,
        city: "Boston",
        postalCode: "02110",
        region: "MA",
        country: "US",
        phone: "+1 617 555 0175",
      },
    ],
  },
];

export interface DemoCustomer {
  user: UserSeed;
  /** Where their orders ship: the first address in their book. */
  shippingAddress: ShippingAddressSnapshot;
}

export interface DemoPeople {
  users: UserSeed[];
  addresses: AddressRow[];
  customers: DemoCustomer[];
}

const dayMs = 86_400_000;
const passwordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

function randomPassword(random: Random): string {
  return Array.from({ length: 16 }, () => random.pick([...passwordAlphabet])).join("");
}

function exampleEmail(name: string): string {
  return `${name.toLowerCase().replace(/[^a-z]+/g, ".")}@example.com`;
}

/** Staff and the well-known accounts, then customers who signed up before most of the catalog. */
export function composePeople(random: Random, ids: Random, now: Date): DemoPeople {
  const users: UserSeed[] = [];
  const addresses: AddressRow[] = [];
  const customers: DemoCustomer[] = [];
  for (const person of people) {
    const createdAt = new Date(now.getTime() - random.int(92 * dayMs, 120 * dayMs));
    const user: UserSeed = {
      id: ids.uuid(),
      email: person.account?.email ?? exampleEmail(person.name),
      name: person.name,
      password: person.account?.password ?? randomPassword(random),
      roles: person.roles,
      createdAt,
      updatedAt: createdAt,
    };
    users.push(user);
    const book = person.addresses.map((address, index): AddressRow => ({
      id: ids.uuid(),
      userId: user.id,
      fullName: person.name,
      ...address,
      createdAt: new Date(createdAt.getTime() + (index + 1) * 60_000),
    }));
    addresses.push(...book);
    const first = person.addresses[0];
    if (person.roles.includes("CUSTOMER") && first) {
      customers.push({ user, shippingAddress: { fullName: person.name, ...first } });
    }
  }
  return { users, addresses, customers };
}

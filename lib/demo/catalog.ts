/**
 * What a realistic mixed iOS / Android fleet is made of: device models with the OS versions
 * they can run, each vendor's serial-number shape, the apps a managed phone carries, and
 * the (fictional) people of Contoso who own the devices.
 */
import type { Platform } from "../domain/types";
import type { Random } from "./random";

export const DEMO_DOMAIN = "contoso.example";

export type SerialFormat = "apple10" | "apple12" | "samsung" | "pixel" | "zebra";

export interface DeviceModel {
  platform: Platform;
  manufacturer: string;
  model: string;
  /** Android model number (device names like "SM-S911B-0042"); the marketing family for Apple. */
  code: string;
  kind: "phone" | "tablet" | "rugged";
  /** Lowest and highest OS major the model runs (iOS/iPadOS 16-18, Android 12-15 here). */
  minOs: string;
  maxMajor: number;
  serial: SerialFormat;
  /** Has a cellular modem, hence an IMEI. */
  cellular: boolean;
  /** iOS UDID prefix (the chip id); null for Android. */
  udidPrefix: string | null;
  weight: number;
}

const apple = (
  model: string,
  kind: "phone" | "tablet",
  minOs: string,
  serial: SerialFormat,
  udidPrefix: string,
  weight: number,
): DeviceModel => ({
  platform: "IOS",
  manufacturer: "Apple",
  model,
  code: kind === "phone" ? "iPhone" : "iPad",
  kind,
  minOs,
  maxMajor: 18,
  serial,
  cellular: kind === "phone",
  udidPrefix,
  weight,
});

const android = (
  manufacturer: string,
  model: string,
  code: string,
  kind: DeviceModel["kind"],
  minOs: string,
  maxMajor: number,
  serial: SerialFormat,
  cellular: boolean,
  weight: number,
): DeviceModel => ({ platform: "ANDROID", manufacturer, model, code, kind, minOs, maxMajor, serial, cellular, udidPrefix: null, weight });

export const DEVICE_MODELS: readonly DeviceModel[] = [
  apple("iPhone 16 Pro", "phone", "18.0", "apple10", "00008140", 5),
  apple("iPhone 16", "phone", "18.0", "apple10", "00008140", 6),
  apple("iPhone 15 Pro", "phone", "17.0", "apple10", "00008130", 9),
  apple("iPhone 15", "phone", "17.0", "apple10", "00008120", 10),
  apple("iPhone 14", "phone", "16.0", "apple10", "00008110", 11),
  apple("iPhone 13", "phone", "16.0", "apple10", "00008110", 12),
  apple("iPhone 12", "phone", "16.0", "apple12", "00008101", 6),
  apple("iPhone SE (3rd generation)", "phone", "16.0", "apple10", "00008110", 8),
  apple("iPad Air (5th generation)", "tablet", "16.0", "apple10", "00008103", 5),
  apple("iPad (10th generation)", "tablet", "16.1", "apple10", "00008101", 6),
  apple("iPad Pro 11-inch (4th generation)", "tablet", "16.1", "apple10", "00008112", 2),
  apple("iPad mini (6th generation)", "tablet", "16.0", "apple10", "00008110", 3),
  android("Samsung", "Galaxy S23", "SM-S911B", "phone", "13", 15, "samsung", true, 10),
  android("Samsung", "Galaxy S24", "SM-S921B", "phone", "14", 15, "samsung", true, 8),
  android("Samsung", "Galaxy A54 5G", "SM-A546B", "phone", "13", 15, "samsung", true, 10),
  android("Samsung", "Galaxy A35 5G", "SM-A356B", "phone", "14", 15, "samsung", true, 6),
  android("Samsung", "Galaxy XCover6 Pro", "SM-G736B", "rugged", "12", 14, "samsung", true, 5),
  android("Samsung", "Galaxy Tab S9", "SM-X710", "tablet", "13", 15, "samsung", false, 4),
  android("Samsung", "Galaxy Tab Active4 Pro", "SM-T636B", "rugged", "12", 14, "samsung", true, 2),
  android("Google", "Pixel 8", "GKWS6", "phone", "14", 15, "pixel", true, 6),
  android("Google", "Pixel 8 Pro", "G1MNW", "phone", "14", 15, "pixel", true, 3),
  android("Google", "Pixel 7a", "GWKK3", "phone", "13", 15, "pixel", true, 5),
  android("Zebra Technologies", "TC52", "TC52", "rugged", "12", 13, "zebra", false, 5),
  android("Zebra Technologies", "TC58", "TC58", "rugged", "12", 14, "zebra", true, 3),
];

/** Released versions with how common each still is in a managed fleet (newest most common). */
export const IOS_VERSIONS: readonly (readonly [string, number])[] = [
  ["16.7.8", 1],
  ["16.7.10", 3],
  ["17.5.1", 2],
  ["17.6.1", 5],
  ["17.7.2", 3],
  ["18.0.1", 3],
  ["18.1.1", 5],
  ["18.2.1", 6],
  ["18.3.1", 7],
  ["18.3.2", 9],
  ["18.4.1", 12],
  ["18.5", 14],
];

export const ANDROID_VERSIONS: readonly (readonly [string, number])[] = [
  ["12", 2],
  ["13", 4],
  ["14", 7],
  ["15", 5],
];

export function compareDotted(a: string, b: string): number {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const diff = (x[i] ?? 0) - (y[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

const versionCache = new Map<string, readonly (readonly [string, number])[]>();

/**
 * The OS versions a model can run (with their weights), optionally only those below (or
 * at/above) a policy minimum. Cached: the generator asks for every device.
 */
export function osVersionsFor(model: DeviceModel, minimum?: { below: boolean; version: string }) {
  const key = `${model.model}|${minimum ? `${minimum.below}|${minimum.version}` : ""}`;
  let cached = versionCache.get(key);
  if (cached === undefined) {
    const all = model.platform === "IOS" ? IOS_VERSIONS : ANDROID_VERSIONS;
    cached = all.filter(([version]) => {
      if (compareDotted(version, model.minOs) < 0) return false;
      if (Number(version.split(".")[0]) > model.maxMajor) return false;
      if (!minimum) return true;
      return minimum.below === compareDotted(version, minimum.version) < 0;
    });
    versionCache.set(key, cached);
  }
  return cached;
}

/** Apps a managed device carries (iOS bundle ids / Android package names). */
export const BASE_APPS: Record<Platform, readonly string[]> = {
  IOS: [
    "com.microsoft.azureauthenticator",
    "com.microsoft.CompanyPortal",
    "com.microsoft.Office.Outlook",
    "com.microsoft.skype.teams",
  ],
  ANDROID: [
    "com.azure.authenticator",
    "com.microsoft.windowsintune.companyportal",
    "com.microsoft.office.outlook",
    "com.microsoft.teams",
  ],
};

export const OPTIONAL_APPS: Record<Platform, readonly string[]> = {
  IOS: [
    "com.microsoft.msedge",
    "com.microsoft.skydrive",
    "com.microsoft.Office.Word",
    "com.microsoft.Office.Excel",
    "com.microsoft.sharepoint",
    "com.salesforce.chatter",
    "com.tinyspeck.chatlyio",
    "us.zoom.videomeetings",
    "net.whatsapp.WhatsApp",
    "com.spotify.client",
    "com.google.Maps",
    "com.linkedin.LinkedIn",
  ],
  ANDROID: [
    "com.microsoft.emmx",
    "com.microsoft.skydrive",
    "com.microsoft.office.word",
    "com.microsoft.office.excel",
    "com.microsoft.sharepoint",
    "com.salesforce.chatter",
    "com.Slack",
    "us.zoom.videomeetings",
    "com.whatsapp",
    "com.spotify.music",
    "com.google.android.apps.maps",
    "com.linkedin.android",
  ],
};

export const RUGGED_APPS: readonly string[] = ["com.symbol.datawedge", "com.zebra.mdna", "com.contoso.warehouse.scanner"];

/** Consumer file sharing, targeted by the (disabled) "Unapproved file-sharing apps" policy. */
export const FILE_SHARING_APPS: Record<Platform, readonly string[]> = {
  IOS: ["com.getdropbox.Dropbox", "com.wetransfer.app"],
  ANDROID: ["com.dropbox.android", "com.wetransfer.app.live"],
};

const SPANISH_FIRST = [
  "Ana", "Lucía", "María", "Carmen", "Laura", "Marta", "Elena", "Paula", "Sofía", "Isabel",
  "Pilar", "Rocío", "Beatriz", "Cristina", "Nuria", "Alba", "Irene", "Raquel", "Andrea", "Silvia",
  "José", "Javier", "Carlos", "Manuel", "David", "Daniel", "Pablo", "Alejandro", "Sergio", "Jorge",
  "Álvaro", "Diego", "Adrián", "Iván", "Rubén", "Miguel", "Francisco", "Raúl", "Óscar", "Íñigo",
];
const SPANISH_LAST = [
  "García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Martín",
  "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero", "Alonso", "Gutiérrez",
  "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos", "Gil", "Ramírez", "Serrano", "Blanco", "Molina",
  "Castro", "Ortega", "Rubio", "Marín", "Sanz", "Núñez", "Iglesias", "Medina", "Garrido", "Peña",
];
const ENGLISH_FIRST = [
  "Emily", "Olivia", "Sarah", "Jessica", "Hannah", "Grace", "Chloe", "Megan", "Rachel", "Lauren",
  "Amelia", "Charlotte", "Sophie", "Emma", "Zoe", "James", "Michael", "Thomas", "Oliver", "William",
  "Jack", "Ryan", "Matthew", "Ethan", "Benjamin", "Samuel", "Henry", "George", "Lucas", "Nathan",
];
const ENGLISH_LAST = [
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Taylor", "Anderson",
  "Thomas", "Moore", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "Hall",
  "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Carter",
  "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards", "Collins", "Hughes",
];

export interface Owner {
  firstName: string;
  lastName: string;
  spanish: boolean;
  upn: string;
}

const asciiCache = new Map<string, string>();

/** "Íñigo" -> "inigo": UPNs are plain ASCII. Cached: there are only a few hundred names. */
function asciiLower(text: string): string {
  let ascii = asciiCache.get(text);
  if (ascii === undefined) {
    ascii = text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    asciiCache.set(text, ascii);
  }
  return ascii;
}

/**
 * The k-th person of the company. A bijection from k to (first name, last name, number), so
 * every UPN is unique without remembering which were handed out: 3 in 5 people have Spanish
 * names, and name pairs are spread by an affine permutation so neighbours differ.
 */
export function ownerAt(k: number): Owner {
  const spanish = k % 5 < 3;
  const group = Math.floor(k / 5);
  const j = spanish ? group * 3 + (k % 5) : group * 2 + (k % 5) - 3;
  const firsts = spanish ? SPANISH_FIRST : ENGLISH_FIRST;
  const lasts = spanish ? SPANISH_LAST : ENGLISH_LAST;
  const combos = firsts.length * lasts.length;
  // 7919 is prime and divides neither 1600 nor 1200, so this permutes 0..combos-1.
  const c = (j * 7919 + 17) % combos;
  const firstName = firsts[c % firsts.length]!;
  const lastName = lasts[Math.floor(c / firsts.length)]!;
  const number = Math.floor(j / combos);
  const upn = `${asciiLower(firstName)}.${asciiLower(lastName)}${number === 0 ? "" : number + 1}@${DEMO_DOMAIN}`;
  return { firstName, lastName, spanish, upn };
}

const APPLE_SERIAL = "0123456789BCDFGHJKLMNPQRTVWXYZ";
const ALNUM_UPPER = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const DIGITS = "0123456789";
const HEX_UPPER = "0123456789ABCDEF";

export function serialNumber(r: Random, format: SerialFormat): string {
  switch (format) {
    case "apple10": // randomised serials of Apple devices since 2021
      return r.string(APPLE_SERIAL, 10);
    case "apple12":
      return r.pick(["F", "D", "G", "C"]) + r.string(ALNUM_UPPER, 11);
    case "samsung": // e.g. R5CW31ABCDE
      return "R" + r.pick(["3", "5", "9"]) + "C" + r.string("NRTWX", 1) + r.string(DIGITS, 2) + r.string(ALNUM_UPPER, 5);
    case "pixel": // e.g. 36051FDH2004KP
      return r.string(DIGITS, 5) + r.pick(["FDH", "FDJ", "FDL"]) + r.string(DIGITS, 4) + r.string("ABCDEFGHJKLMNPQRSTUVWXYZ", 2);
    case "zebra": // 14 digits, e.g. 22151522503456
      return "2" + r.string(DIGITS, 13);
  }
}

export function udid(r: Random, model: DeviceModel): string | null {
  return model.udidPrefix === null ? null : `${model.udidPrefix}-${r.string(HEX_UPPER, 16)}`;
}

/** A 15-digit IMEI whose last digit is the Luhn check digit. */
export function imei(r: Random): string {
  const body = "35" + r.string(DIGITS, 12);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let digit = Number(body[i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return body + String((10 - (sum % 10)) % 10);
}

const SITES = ["MAD", "BCN", "SVQ", "LON", "MAN", "NYC"];

/** Names people and MDM naming conventions give devices: "Ana's iPhone", "iPad de Lucía", "SM-S911B-0042". */
export function deviceName(r: Random, model: DeviceModel, owner: Owner, index: number): string {
  const tag = String(index % 100000).padStart(4, "0");
  if (model.kind === "rugged") return `${model.code}-${r.pick(SITES)}-${tag}`;
  if (model.platform === "IOS") {
    if (model.kind === "tablet" && r.chance(0.3)) return `IPAD-${r.pick(SITES)}-${tag}`;
    const family = model.code;
    return owner.spanish && r.chance(0.6) ? `${family} de ${owner.firstName}` : `${owner.firstName}'s ${family}`;
  }
  if (r.chance(0.65)) return `${model.code}-${tag}`;
  const shortModel = model.model.replace(/ 5G$/, "");
  return owner.spanish && r.chance(0.6) ? `${shortModel} de ${owner.firstName}` : `${owner.firstName}'s ${shortModel}`;
}

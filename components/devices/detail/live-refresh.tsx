"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * While a report of the device is in flight, re-renders the page from the server every so
 * often (1 s, slowing to 5 s), so its progress shows without a reload; stops once it ended.
 */
export function LiveRefresh({ active }: { active: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    let delay = 1000;
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      router.refresh();
      delay = Math.min(5000, Math.round(delay * 1.2));
      timer = setTimeout(tick, delay);
    };
    timer = setTimeout(tick, delay);
    return () => clearTimeout(timer);
  }, [active, router]);
  return null;
}

import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/next-auth";

/** next-auth's endpoints: the Microsoft Entra ID redirect and callback (public by nature). */
async function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  const params = await context.params;
  return NextAuth(request as never, { params } as never, authOptions());
}

export { handler as GET, handler as POST };

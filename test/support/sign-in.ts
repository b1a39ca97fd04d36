/**
 * The merchant at the simulator's stand-in for Canada Post's sign-in page: the decision posted for the page a
 * registration sent the browser to (`redirectUrl`), and the query Canada Post sends the browser back with.
 */
export async function decideAtSignIn(
  simulatorUrl: string,
  redirectUrl: string,
  form: Record<string, string>,
): Promise<URLSearchParams> {
  const page = new URL(redirectUrl);
  const res = await fetch(`${simulatorUrl}/information/app/drc/decision`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      "token-id": page.searchParams.get("token-id")!,
      "platform-id": page.searchParams.get("platform-id")!,
      "return-url": page.searchParams.get("return-url")!,
      ...form,
    }),
    redirect: "manual",
  });
  return new URL(res.headers.get("location")!).searchParams;
}

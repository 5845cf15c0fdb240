/* empty: a program that does nothing, linked against the same libraries as the mktows command
 * (libmktows and, through it, OpenSSL and zlib). bench/run compares mktows's cold start and peak
 * RSS with this one's: what is left is the cost of mktows's own start-up and of the call. */
int main(void)
{
    return 0;
}

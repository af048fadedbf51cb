<?php
/**
 * Fetches a design's preview PNG for the back office and keeps it on disk, per design version.
 */

declare(strict_types=1);

namespace Monogram\PrestaShop;

if (!defined('_PS_VERSION_')) {
    exit;
}

final class DesignPreviews
{
    private const MAX_BYTES = 3_000_000;

    public function __construct(
        private readonly MonogramApi $client,
        private readonly string $cacheDir,
    ) {
    }

    /**
     * A data: URI of the first print area's preview; null when Monogram cannot be reached or
     * the design has nothing to show. The preview endpoint needs the secret key, which must
     * never reach the browser, so the image is inlined rather than linked.
     */
    public function dataUri(string $designId): ?string
    {
        if (!preg_match('/^dsn_[A-Za-z0-9]{1,60}$/', $designId)) {
            return null;
        }
        $design = $this->client->get('/v1/designs/' . rawurlencode($designId));
        if (!$design->isDone() || !is_array($design->body)) {
            return null;
        }
        $area = $design->body['document']['surfaces'][0]['area'] ?? null;
        $etag = (string) ($design->body['etag'] ?? '');
        if (!is_string($area) || $area === '') {
            return null;
        }

        $file = rtrim($this->cacheDir, '/') . '/' . $designId . '-' . sha1($etag . "\0" . $area) . '.png';
        $png = is_file($file) ? (string) file_get_contents($file) : '';
        if ($png === '') {
            $preview = $this->client->get(
                '/v1/designs/' . rawurlencode($designId) . '/preview?area=' . rawurlencode($area)
            );
            $png = $preview->raw;
            if (!$preview->isDone() || strncmp($png, "\x89PNG\r\n\x1a\n", 8) !== 0 || strlen($png) > self::MAX_BYTES) {
                return null;
            }
            if (is_dir(dirname($file)) || @mkdir(dirname($file), 0775, true)) {
                @file_put_contents($file, $png, LOCK_EX);
            }
        }

        return 'data:image/png;base64,' . base64_encode($png);
    }
}

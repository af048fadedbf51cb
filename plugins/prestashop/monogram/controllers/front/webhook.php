<?php
/**
 * Receives Monogram's signed webhooks (job shipped, job ready, job status changed).
 */

declare(strict_types=1);

if (!defined('_PS_VERSION_')) {
    exit;
}

class MonogramWebhookModuleFrontController extends ModuleFrontController
{
    /** @var Monogram */
    public $module;

    public $ajax = true;

    public $auth = false;

    public $guestAllowed = true;

    public function postProcess(): void
    {
        if (($_SERVER['REQUEST_METHOD'] ?? '') !== 'POST') {
            $status = 405;
            $answer = ['error' => 'POST only'];
        } else {
            [$status, $answer] = $this->module->webhookReceiver()->handle(
                (string) file_get_contents('php://input'),
                (string) ($_SERVER['HTTP_MONOGRAM_SIGNATURE'] ?? ''),
                time()
            );
        }
        http_response_code($status);
        header('Content-Type: application/json; charset=utf-8');
        $this->ajaxRender((string) json_encode($answer, JSON_UNESCAPED_SLASHES));
        exit;
    }
}

<?php
/**
 * Retries pending order reports, for hosts whose cron can only call a URL:
 * index.php?fc=module&module=monogram&controller=cron&token=… (the token is on the settings page).
 */

declare(strict_types=1);

if (!defined('_PS_VERSION_')) {
    exit;
}

class MonogramCronModuleFrontController extends ModuleFrontController
{
    /** @var Monogram */
    public $module;

    public $ajax = true;

    public function postProcess(): void
    {
        $expected = $this->module->config()->cronToken();
        $given = (string) Tools::getValue('token');
        if ($expected === '' || !hash_equals($expected, $given)) {
            http_response_code(403);
            $answer = ['error' => 'invalid token'];
        } else {
            $answer = $this->module->retryPendingReports();
        }
        header('Content-Type: application/json; charset=utf-8');
        header('Cache-Control: no-store');
        $this->ajaxRender((string) json_encode($answer));
        exit;
    }
}
